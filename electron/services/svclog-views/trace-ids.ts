/**
 * The Trace Identifier column: the engine does not index `<TraceIdentifier>`, so it is read from
 * the file for the rows of a page only (and only when the column is shown), the first 8 KiB of
 * each event, and remembered per build.
 */
import { open } from 'node:fs/promises';
import type { WcfTraceFile } from '../../engine/wcf-traces';
import { decodeRange } from '../../engine/svclog';

const HEAD_BYTES = 8192;
const MAX_CACHED = 20_000;
const IDENTIFIER = /<(?:\w+:)?TraceIdentifier>\s*([^<]{1,500}?)\s*<\/(?:\w+:)?TraceIdentifier>/;

export class TraceIds {
  private readonly cache = new Map<string, string>();

  /** The identifiers of `events` (file, event) in order; '' where a trace has none. */
  async of(events: readonly { file: WcfTraceFile; event: number }[]): Promise<string[]> {
    const out = new Array<string>(events.length).fill('');
    const byFile = new Map<WcfTraceFile, number[]>();
    events.forEach((e, i) => {
      const hit = this.cache.get(`${e.file.fileId}:${e.event}`);
      if (hit !== undefined) out[i] = hit;
      else byFile.set(e.file, [...(byFile.get(e.file) ?? []), i]);
    });
    for (const [file, rows] of byFile) {
      const fh = await open(file.path, 'r').catch(() => undefined);
      if (!fh) continue;
      try {
        for (const i of rows) {
          const ev = file.events;
          const { event } = events[i];
          const len = Math.min(HEAD_BYTES, ev.end[event] - ev.start[event]);
          const buf = Buffer.alloc(Math.max(0, len));
          const { bytesRead } = await fh.read(buf, 0, buf.length, ev.start[event]);
          const text = decodeRange(buf.subarray(0, bytesRead), file.encoding);
          out[i] = IDENTIFIER.exec(text)?.[1] ?? '';
          if (this.cache.size >= MAX_CACHED) this.cache.clear();
          this.cache.set(`${file.fileId}:${event}`, out[i]);
        }
      } finally {
        await fh.close();
      }
    }
    return out;
  }
}
