/**
 * Byte-order-mark detection and decoding of a file's head. The parsers' hot paths work on bytes;
 * this is for sniffing and for small texts. UTF-16 is decoded with the platform's TextDecoder
 * (Node ships full ICU): no extra library to load into every parse worker.
 */

export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be';

export interface Bom {
  encoding: TextEncoding;
  /** Length of the BOM in bytes (0 when there is none). */
  length: number;
}

export function detectBom(bytes: Uint8Array): Bom {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf8', length: 3 };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf16le', length: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf16be', length: 2 };
  // UTF-16 without a BOM still shows as ASCII interleaved with NULs; '<' or '#' then 0 is a strong hint.
  if (bytes.length >= 4 && bytes[1] === 0 && bytes[3] === 0 && bytes[0] !== 0) return { encoding: 'utf16le', length: 0 };
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[2] === 0 && bytes[1] !== 0) return { encoding: 'utf16be', length: 0 };
  return { encoding: 'utf8', length: 0 };
}

const UTF16LE = new TextDecoder('utf-16le');
const UTF16BE = new TextDecoder('utf-16be');

/** Decodes bytes (without the BOM) in the given encoding; invalid sequences become U+FFFD. */
export function decode(bytes: Uint8Array, encoding: TextEncoding): string {
  if (encoding === 'utf8') return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return (encoding === 'utf16le' ? UTF16LE : UTF16BE).decode(bytes);
}

/** Share of bytes that are control characters other than tab, CR, LF (0..1); for "binary" verdicts. */
export function controlByteRatio(bytes: Uint8Array): number {
  if (bytes.length === 0) return 0;
  let bad = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) bad++;
  }
  return bad / bytes.length;
}
