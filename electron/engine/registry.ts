/** The format engines, in the order they are asked to sniff a file. */
import type { FileFormat } from '../../shared/model';
import { evtxEngine } from './evtx';
import { iisEngine } from './iis';
import { svclogEngine } from './svclog';
import type { FormatEngine } from './types';

export const ENGINES: readonly FormatEngine[] = [evtxEngine, svclogEngine, iisEngine];

export function engineFor(format: FileFormat): FormatEngine | undefined {
  return ENGINES.find((e) => e.formats.includes(format));
}

/** Warms every engine that has parse workers (the app does this once at start-up), one after the other: each uses every core. */
export async function prewarmEngines(): Promise<void> {
  for (const e of ENGINES) await e.prewarm?.();
}
