/**
 * What find matches, with Service Trace Viewer's options: match case, whole word, regular
 * expression, ignore the root activity; and where it looks: the indexed fields (description,
 * exception, activity name, source, action… — instant), the whole XML of each trace, its XML
 * attributes only, or the logged messages only (message records' MessageLogTraceRecord).
 *
 * A plain case-insensitive search of the whole XML is a raw byte scan (raw-search.ts, cached per
 * file and text, which also accepts indexed-field hits so entity spellings still match); anything
 * else over the XML reads each event back (filter/event-scan.ts) and tests the decoded text.
 */
import type { FindLookIn } from '../../../shared/channels/svclog';
import type { QueryNode } from '../../../shared/query/parse';
import { boundedRegex } from '../filter/bounded-regex';
import { scanEventXml } from '../filter/event-scan';
import { compileQuery } from '../filter/svclog-query';
import { ServiceError } from '../errors';
import { Lru } from './lru';
import { rawMatches } from './raw-search';
import { textMatcher, type EventTest } from './text-match';
import type { ViewIndex } from './view-index';

export interface FindOptions {
  lookIn: FindLookIn;
  matchCase?: boolean;
  wholeWord?: boolean;
  regex?: boolean;
  ignoreRoot?: boolean;
}

export interface FindMatcher {
  test: EventTest;
  lookIn: FindLookIn;
  /** False when a raw scan stopped at its deadline: hits beyond what it read are missing. */
  complete: boolean;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The text as a regular expression (source, flags) with the options applied; undefined for a plain case-insensitive search. */
function asRegex(text: string, o: FindOptions): { source: string; flags: string } | undefined {
  if (!o.regex && !o.wholeWord && !o.matchCase) return undefined;
  let source = o.regex ? text : escapeRegex(text);
  if (o.wholeWord) source = `(?<![\\p{L}\\p{N}_])(?:${source})(?![\\p{L}\\p{N}_])`;
  const flags = `${o.matchCase ? '' : 'i'}${o.wholeWord ? 'u' : ''}`;
  try {
    new RegExp(source, flags);
  } catch (e) {
    throw new ServiceError('invalid-request', `Find: ${(e as Error).message}`);
  }
  return { source, flags };
}

/** Attribute values of an XML text (name="value" or name='value'). */
function attributeValues(xml: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(/\s[\w:.-]+\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out.push(m[1] ?? m[2]);
  return out;
}

/** The logged message of a message record: its MessageLogTraceRecord element. */
function loggedMessage(xml: string): string {
  const at = xml.indexOf('<MessageLogTraceRecord');
  const end = xml.lastIndexOf('</MessageLogTraceRecord>');
  return at >= 0 ? xml.slice(at, end > at ? end : undefined) : '';
}

/** Per view, the masks of XML scans with options (stepping through hits must not rescan). */
const scans = new WeakMap<ViewIndex, Lru<Promise<Uint8Array>>>();

async function xmlScan(view: ViewIndex, text: string, o: FindOptions): Promise<EventTest> {
  const re = asRegex(text, o);
  const lower = text.toLowerCase();
  const bounded = re ? boundedRegex(re.source, re.flags) : undefined;
  const hit = (s: string) => (bounded ? bounded.test([s])[0] === 1 : s.toLowerCase().includes(lower));
  const pick = o.lookIn === 'attributes' ? attributeValues : o.lookIn === 'messages' ? (x: string) => [loggedMessage(x)] : (x: string) => [x];
  let perView = scans.get(view);
  if (!perView) scans.set(view, (perView = new Lru(8)));
  const key = JSON.stringify([text, o.lookIn, !!o.matchCase, !!o.wholeWord, !!o.regex]);
  const mask = await perView.get(key, () => {
    const only = o.lookIn === 'messages' ? (g: number) => view.files[view.fileOf[g]].events.message[g - view.base[view.fileOf[g]]] >= 0 : undefined;
    const p = scanEventXml(view, (xml) => (pick(xml).some(hit) ? 'match' : 'no'), { only }).then((r) => r.mask);
    p.catch(() => perView!.delete(key));
    return p;
  });
  return (g) => mask[g] === 1;
}

export async function findMatcher(view: ViewIndex, text: string, o: FindOptions): Promise<FindMatcher> {
  const matcher = await baseMatcher(view, text, o);
  if (!o.ignoreRoot) return matcher;
  const acts = view.index.activities;
  return { ...matcher, test: (g) => !acts[view.activityOf[g]]?.isRoot && matcher.test(g) };
}

async function baseMatcher(view: ViewIndex, text: string, o: FindOptions): Promise<FindMatcher> {
  const re = asRegex(text, o);
  if (o.lookIn === 'fields') {
    if (!re) return { test: textMatcher(view, text), lookIn: 'fields', complete: true };
    const node: QueryNode = { kind: 'regex', source: re.source, flags: re.flags };
    return { test: compileQuery(view, node).test, lookIn: 'fields', complete: true };
  }
  if (o.lookIn === 'xml' && !re) {
    const fields = textMatcher(view, text);
    const raw = await Promise.all(view.files.map((f) => rawMatches(f, text)));
    const test: EventTest = (g) => {
      const fi = view.fileOf[g];
      return raw[fi].mask[g - view.base[fi]] === 1 || fields(g);
    };
    return { test, lookIn: 'xml', complete: raw.every((r) => r.complete) };
  }
  return { test: await xmlScan(view, text, o), lookIn: o.lookIn, complete: true };
}
