/** An EVTX file starts with the "ElfFile\0" signature; a lone chunk (carved or cut out) with "ElfChnk\0". */
import type { FileFormat } from '../../../shared/model';
import { CHUNK_MAGIC, FILE_HEADER_MAGIC } from './parse-file';

export function sniffEvtx(head: Uint8Array): FileFormat | null {
  if (head.length < 8) return null;
  const magic = String.fromCharCode(...head.subarray(0, 8));
  return magic === FILE_HEADER_MAGIC || magic === CHUNK_MAGIC ? 'evtx' : null;
}
