/** Loads files through the IIS engine the way load-file.ts does (sniff, then load), for tests. */
import { statSync } from 'node:fs';
import { readHead, sniffHead } from '../../../electron/engine/detect';
import { iisEngine } from '../../../electron/engine/iis';
import type { LoadedFile, Sniffed } from '../../../electron/engine/types';

export async function sniff(path: string): Promise<Sniffed> {
  return sniffHead(await readHead(path), path, [iisEngine]);
}

export async function load(path: string, onProgress?: (b: number, r: number) => void): Promise<{ sniffed: Sniffed; file: LoadedFile }> {
  const sniffed = await sniff(path);
  if (sniffed.format === 'unknown') throw new Error(`not claimed: ${sniffed.reason}`);
  const file = await iisEngine.load(sniffed.format, {
    path,
    size: statSync(path).size,
    fileId: 'f1',
    signal: new AbortController().signal,
    onProgress: onProgress ?? (() => {}),
  });
  return { sniffed, file };
}
