/**
 * fast-xml-parser as every reader of an untrusted XML file uses it: values stay text (no number or
 * boolean guessing), attributes under '@', and entities bounded (a DOCTYPE's own entities are
 * never expanded, so a "billion laughs" file costs nothing). Readers add their own shape options.
 */
import { XMLParser, type X2jOptions } from 'fast-xml-parser';

const UNTRUSTED: X2jOptions = {
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: { enabled: true, maxEntityCount: 0, maxTotalExpansions: 10_000, maxExpandedLength: 1_000_000 },
  htmlEntities: false,
};

export function untrustedXmlParser(shape: X2jOptions = {}): XMLParser {
  return new XMLParser({ ...UNTRUSTED, ...shape });
}
