/**
 * Decides a file's format from its first bytes, asking each engine in turn, and when none claims
 * it, says in a sentence what the file looks like instead.
 */
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { FileFormat } from '../../shared/model';
import { controlByteRatio, decode, detectBom } from './encoding';
import type { FormatEngine, Sniffed } from './types';
import { fieldNames, parseDirective } from './iis/directive';

export const SNIFF_BYTES = 64 * 1024;

export async function readHead(path: string, bytes = SNIFF_BYTES): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Sniffs the given head bytes of a file named `path`. */
export function sniffHead(head: Uint8Array, path: string, engines: readonly FormatEngine[]): Sniffed {
  const name = basename(path);
  if (head.length === 0) return { format: 'unknown', reason: 'The file is empty (0 bytes).' };
  // Binary formats are recognised from their bytes, before any text decoding.
  for (const engine of engines) {
    const format = engine.sniffBytes?.(head, name);
    if (format) return { format };
  }
  const bom = detectBom(head);
  // Runs of NUL bytes are what a crash leaves in a log being written (preallocated blocks): they
  // are judged as holes, not as binary data, and the text around them decides the format.
  const body = bom.encoding === 'utf8' ? withoutNuls(head.subarray(bom.length)) : head.subarray(bom.length);
  if (body.length === 0) return { format: 'unknown', reason: 'The file holds only NUL bytes (a log preallocated and never written?).' };
  // UTF-16 text is full of NULs, so judge "binary" only on text that decodes as 8-bit.
  if (bom.encoding === 'utf8' && controlByteRatio(body.subarray(0, 4096)) > 0.1) {
    return { format: 'unknown', reason: `It looks like binary data (${describeMagic(body)}), not a text log.` };
  }
  const text = decode(body, bom.encoding);
  for (const engine of engines) {
    const format: FileFormat | null = engine.sniff(text, name);
    if (format) return { format };
  }
  return { format: 'unknown', reason: describeText(text) };
}

function withoutNuls(bytes: Uint8Array): Uint8Array {
  if (bytes.indexOf(0) < 0) return bytes;
  return bytes.filter((b) => b !== 0);
}

export async function sniffFile(path: string, engines: readonly FormatEngine[]): Promise<Sniffed> {
  return sniffHead(await readHead(path), path, engines);
}

function describeMagic(b: Uint8Array): string {
  const ascii = (n: number) => String.fromCharCode(...b.subarray(0, n));
  if (ascii(2) === 'PK') return 'a ZIP archive; unpack it first';
  if (b[0] === 0x1f && b[1] === 0x8b) return 'a gzip archive; unpack it first';
  if (ascii(4) === '%PDF') return 'a PDF document';
  if (ascii(4) === '\x7fELF') return 'an executable';
  if (ascii(2) === 'MZ') return 'a Windows executable';
  if (b[0] === 0x89 && ascii(4).slice(1) === 'PNG') return 'a PNG image';
  if (ascii(4) === 'ElfF') return 'a damaged Windows event log (.evtx) header';
  return 'no known text encoding';
}

/** Windows Firewall's W3C log: its #Software line, or #Fields with src-ip and dst-ip (checked line by line: linear). */
function isFirewallLog(text: string): boolean {
  for (const line of text.split(/\r?\n/, 50)) {
    const d = line.startsWith('#') ? parseDirective(line) : null;
    if (d?.name === 'software' && d.value.toLowerCase().startsWith('microsoft windows firewall')) return true;
    if (d?.name === 'fields') {
      const fields = fieldNames(d.value);
      if (fields.includes('src-ip') && fields.includes('dst-ip')) return true;
    }
  }
  return false;
}

/** A sentence about a text that no engine claimed. */
function describeText(text: string): string {
  // Never quote the file: a refusal names what the file is, not what it holds (it may be secret or hostile).
  const start = text.replace(/^\s+/, '').slice(0, 400);
  if (isFirewallLog(text)) {
    return 'It is a Windows Firewall log in W3C format, not an IIS or HTTP.sys log.';
  }
  if (start.startsWith('<?xml') || start.startsWith('<')) {
    // The root element's name is structure, not content; a name that is not short is not named.
    const root = /<([A-Za-z_][\w:.-]{0,63})[\s/>]/.exec(start.replace(/^<\?xml[^>]*>\s*/, ''))?.[1];
    if (root === 'xsl:stylesheet' || root === 'xsl:transform') {
      return 'It is an XSLT stylesheet (such as the freb.xsl that renders IIS failed request traces), not a trace or log.';
    }
    return `It is an XML document${root ? ` with root element <${root}>` : ''}, but neither a WCF trace (E2ETraceEvent) nor an IIS failed request trace (failedRequest).`;
  }
  if (start.startsWith('{') || start.startsWith('[')) return 'It looks like JSON, not a trace or IIS log.';
  // A '#' line is a W3C directive only as "#Name: value"; "# text" is just a comment.
  if (/^#[A-Za-z-]+:/m.test(start)) return 'It has W3C-style directives, but no #Fields line with the fields of an IIS or HTTP.sys log.';
  return 'It is plain text that matches no trace or log format TraceLens reads (no XML trace events, no W3C directives, no IIS or HTTP.sys rows).';
}
