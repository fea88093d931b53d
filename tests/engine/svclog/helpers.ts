import { statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { loadSvclog, type SvclogLoadOptions } from '../../../electron/engine/svclog';
import type { SvclogFile } from '../../../electron/engine/svclog/file';

export const FIXTURES = resolve(__dirname, '../../fixtures/svclog');

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

export async function load(path: string, opts: SvclogLoadOptions = {}, signal = new AbortController().signal): Promise<SvclogFile> {
  return loadSvclog({ path, size: statSync(path).size, fileId: basename(path), signal, onProgress() {} }, opts);
}

/** Counts events by a string column value. */
export function countBy(f: SvclogFile, col: 'subType' | 'source' | 'computer'): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < f.recordCount; i++) {
    const k = f.str(f.data.events[col][i]);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

export function distinctPids(f: SvclogFile): number {
  return new Set(f.data.events.pid.subarray(0, f.recordCount)).size;
}

export function messageSources(f: SvclogFile): Record<string, number> {
  const out: Record<string, number> = {};
  for (let m = 0; m < f.data.messageCount; m++) {
    const k = f.str(f.data.messages.source[m]);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

export function activityHeaders(f: SvclogFile): number {
  let n = 0;
  for (let m = 0; m < f.data.messageCount; m++) if (f.data.messages.activityHeader[m] !== 0) n++;
  return n;
}
