/**
 * Says whether a file's decoded head is one of the IIS family: a FREB document, an HTTP.sys error
 * log, an IIS native log or a W3C extended log (with #Fields, or headerless with rows shaped like
 * a standard field set).
 */
import type { FileFormat } from '../../../shared/model';
import { HTTPERR_FIELDS, WEB_FIELDS } from './fields';
import { rootElementName } from '../xml-scan';
import { fieldNames, parseDirective } from './directive';
import { guessFieldsFromLines, isNativeLine } from './guess';

export type IisFormat = 'iis-w3c' | 'iis-native' | 'httperr' | 'freb';

export function sniffIis(head: string, _fileName: string): IisFormat | null {
  const start = head.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('<')) return rootElementName(start) === 'failedRequest' ? 'freb' : null;
  const lines = start.split(/\r?\n|\r/, 200);
  let fieldsSeen = false;
  let httpApi = false;
  let iisSoftware = false;
  for (const [k, line] of lines.entries()) {
    if (line.startsWith('#')) {
      const d = parseDirective(line);
      if (!d) continue;
      if (d.name === 'software' && /Microsoft HTTP API/i.test(d.value)) httpApi = true;
      if (d.name === 'software' && /Internet Information Services/i.test(d.value)) iisSoftware = true;
      if (d.name === 'fields') {
        fieldsSeen = true;
        const fields = fieldNames(d.value).map((f) => f.toLowerCase());
        if (fields.some((f) => HTTPERR_FIELDS.has(f))) return 'httperr';
        if (fields.some((f) => WEB_FIELDS.has(f))) return httpApi ? 'httperr' : 'iis-w3c';
      }
      continue;
    }
    if (line.trim() === '') continue;
    // The first data line: a headerless file is judged on its first lines (one may be damaged).
    if (fieldsSeen) return null;
    if (isNativeLine(line)) return 'iis-native';
    const g = guessFieldsFromLines(lines.slice(k));
    return g ? g.format : null;
  }
  // IIS's own header and nothing else readable (a file whose line breaks were lost): the engine says so.
  return iisSoftware ? 'iis-w3c' : null;
}

export function isIisFormat(f: FileFormat): f is IisFormat {
  return f === 'iis-w3c' || f === 'iis-native' || f === 'httperr' || f === 'freb';
}
