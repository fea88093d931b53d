/**
 * `tracelens summary` for people: a sentence on what was loaded, a table of the files, each
 * file's problems, then one paragraph (with its table) per section the engines reported. Sections
 * nobody wrote a paragraph for are printed as `name: value` lines, never as JSON (`--json` is for
 * scripts).
 */
import { formatBytes, plural } from '../../shared/format';
import type { FileFormat } from '../../shared/model';
import type { FrebSection, HttperrSection, IisSection } from '../engine/iis';
import type { SvclogSummary } from '../engine/svclog';
import type { SkewSummary } from '../engine/skew';
import type { Summary } from './summary';

const FORMAT_NAMES: Partial<Record<FileFormat, [string, string]>> = {
  svclog: ['WCF trace', 'WCF traces'],
  'iis-w3c': ['IIS W3C log', 'IIS W3C logs'],
  'iis-native': ['IIS native log', 'IIS native logs'],
  httperr: ['HTTPERR log', 'HTTPERR logs'],
  freb: ['failed request trace', 'failed request traces'],
};

/** Columns padded to their widest cell; `right` columns (numbers) are right-aligned. */
export function table(header: string[], rows: string[][], right: ReadonlySet<number> = new Set()): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

const n = (x: number) => x.toLocaleString('en-US');
const listed = (names: string[]) => (names.length ? ` (${names.join(', ')})` : '');
/** "a, b and c". */
const joined = (parts: string[]) => (parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`);
const byCount = (counts: Record<string, number>) => Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

function filesPart(s: Summary): string[] {
  const kinds = new Map<FileFormat, number>();
  for (const f of s.files) kinds.set(f.format, (kinds.get(f.format) ?? 0) + 1);
  const what = [...kinds].map(([format, count]) => {
    const names = FORMAT_NAMES[format];
    return names ? `${n(count)} ${count === 1 ? names[0] : names[1]}` : plural(count, `${format} file`);
  });
  const failed = s.files.filter((f) => f.errors.length > 0).length;
  const outcome = failed === 0 ? 'all loaded without errors' : `${plural(failed, 'file')} with errors`;
  const lines = [`${plural(s.files.length, 'file')}: ${joined(what)}; ${outcome}.`, ''];
  lines.push(
    ...table(
      ['file', 'format', 'size', 'records', 'warnings', 'errors'],
      s.files.map((f) => [f.path, f.format, formatBytes(f.size), n(f.records), n(f.warnings.length), n(f.errors.length)]),
      new Set([2, 3, 4, 5]),
    ),
  );
  for (const f of s.files) {
    if (f.errors.length === 0 && f.warnings.length === 0) continue;
    lines.push('', `${f.path}:`);
    for (const e of f.errors) lines.push(`  error: ${e.message}`);
    for (const w of f.warnings.slice(0, 5)) lines.push(`  warning${w.offset !== undefined ? ` at byte ${w.offset}` : w.line !== undefined ? ` on line ${w.line}` : ''}: ${w.message}`);
    if (f.warnings.length > 5) lines.push(`  … and ${plural(f.warnings.length - 5, 'more warning')} (see --json)`);
  }
  return lines;
}

function svclogPart(v: SvclogSummary): string[] {
  const errors = v.byLevel.Error ?? 0;
  const critical = v.byLevel.Critical ?? 0;
  const warnings = v.byLevel.Warning ?? 0;
  const trouble = [critical && plural(critical, 'critical event'), errors && plural(errors, 'error'), warnings && plural(warnings, 'warning')].filter(Boolean) as string[];
  return [
    `WCF traces: ${plural(v.events, 'event')} in ${plural(v.activities, 'activity', 'activities')} from ${plural(v.computers.length, 'computer')}${listed(v.computers)} and ${plural(v.processes, 'process', 'processes')}; ` +
      `${plural(v.transfers, 'transfer')}, ${plural(v.messages, 'message')} (${plural(v.messagePairs, 'matched pair')}); ${trouble.length ? joined(trouble) : 'no errors or warnings'}.`,
    ...table(['event type', 'events'], byCount(v.byType).map(([k, c]) => [k, n(c)]), new Set([1])),
  ];
}

function iisPart(v: IisSection): string[] {
  const lines = [
    `IIS: ${plural(v.requests, 'request')} on ${plural(v.servers.length, 'server')}${listed(v.servers)}; ${plural(v.slow, 'slow request')} (5 s or more); ` +
      `${v.bursts503.length ? plural(v.bursts503.length, 'burst') + ' of 503s' : 'no bursts of 503s'}.`,
    ...table(['status', 'requests'], byCount(v.byStatus).map(([k, c]) => [k, n(c)]), new Set([1])),
  ];
  if (v.bursts503.length) lines.push('', ...table(['503 burst from', 'to', 'requests'], v.bursts503.map((b) => [b.start, b.end, n(b.count)]), new Set([2])));
  return lines;
}

function httperrPart(v: HttperrSection): string[] {
  return [`HTTP.sys errors: ${plural(v.entries, 'entry', 'entries')}.`, ...table(['reason', 'entries'], byCount(v.byReason).map(([k, c]) => [k, n(c)]), new Set([1]))];
}

function frebPart(v: FrebSection): string[] {
  return [
    `Failed request traces: ${plural(v.requests.length, 'request')}.`,
    ...table(['url', 'status', 'time taken', 'events', 'failure reason'], v.requests.map((r) => [r.url, String(r.statusCode), String(r.timeTaken), n(r.events), r.failureReason]), new Set([1, 2, 3])),
  ];
}

function skewPart(v: SkewSummary): string[] {
  const ms = (x: number | null) => (x === null ? '?' : x.toFixed(3));
  return [
    `Clock skew: offsets relative to ${v.reference ?? 'no reference'} (adjusted time = raw time − offset); ${v.consistent ? 'the messages agree' : `${plural(v.conflicts?.length ?? 0, 'contradiction')} among the messages`}.`,
    ...table(['computer', 'offset ms', 'feasible from', 'to', 'message pairs', 'linked'], v.hosts.map((h) => [h.computer, ms(h.offsetMs), ms(h.lowMs), ms(h.highMs), n(h.pairs), h.connected ? 'yes' : 'no']), new Set([1, 2, 3, 4])),
  ];
}

/** `name: value` lines for a section without its own paragraph. */
function plainPart(key: string, value: unknown, indent = ''): string[] {
  if (value === null || typeof value !== 'object') return [`${indent}${key}: ${String(value)}`];
  if (Array.isArray(value) && value.every((x) => x === null || typeof x !== 'object')) return [`${indent}${key}: ${value.join(', ')}`];
  return [`${indent}${key}:`, ...Object.entries(value).flatMap(([k, v]) => plainPart(k, v, `${indent}  `))];
}

const PARTS: Record<string, (v: never) => string[]> = { svclog: svclogPart, iis: iisPart, httperr: httperrPart, freb: frebPart, skew: skewPart, timeZone: (z: string) => [`Times are in ${z}.`], problems: (list: string[]) => ['Workspaces and projects:', ...list.map((p) => `  ${p}`)] };

export function formatSummaryText(s: Summary): string {
  const lines = filesPart(s);
  for (const [key, value] of Object.entries(s)) {
    if (key === 'files' || value === undefined) continue;
    lines.push('', ...(PARTS[key] ? PARTS[key](value as never) : plainPart(key, value)));
  }
  return lines.join('\n');
}
