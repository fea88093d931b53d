/**
 * Loads one file with whichever engine claims it. The single entry point used by the session
 * service and the CLI, so both see the same formats, problems and records.
 */
import { stat } from 'node:fs/promises';
import { formatBytes } from '../../shared/format';
import type { FileFormat, Problem } from '../../shared/model';
import { sniffFile } from './detect';
import { ENGINES, engineFor } from './registry';
import type { LoadContext, LoadedFile } from './types';

export type LoadOutcome =
  | { ok: true; format: FileFormat; size: number; file: LoadedFile }
  | { ok: false; format: FileFormat; size: number; problem: Problem; cancelled?: boolean };

export interface LoadFileOptions extends Omit<LoadContext, 'size'> {
  /** Files above this size are refused before any byte is parsed. */
  maxBytes?: number;
  /** Called once the format is known, before parsing starts. */
  onSniffed?(format: FileFormat, size: number): void;
}

/** Never throws: unreadable, unknown or broken files come back as a problem naming what is wrong. */
export async function loadFile(ctx: LoadFileOptions): Promise<LoadOutcome> {
  let size = 0;
  const fail = (format: FileFormat, message: string): LoadOutcome => ({ ok: false, format, size, problem: { severity: 'error', message } });
  try {
    const st = await stat(ctx.path);
    if (!st.isFile()) return fail('unknown', 'It is not a regular file (a folder or a device).');
    size = st.size;
  } catch (e) {
    return fail('unknown', ioMessage(e));
  }
  if (ctx.maxBytes !== undefined && size > ctx.maxBytes) {
    return fail('unknown', `It is ${formatBytes(size)}, above the ${formatBytes(ctx.maxBytes)} limit set for one file.`);
  }
  let format: FileFormat;
  try {
    const sniffed = await sniffFile(ctx.path, ENGINES);
    format = sniffed.format;
    if (format === 'unknown') return fail('unknown', sniffed.reason ?? 'TraceLens does not recognise its format.');
  } catch (e) {
    return fail('unknown', ioMessage(e));
  }
  ctx.onSniffed?.(format, size);
  const engine = engineFor(format);
  if (!engine) return fail(format, `No engine reads ${format} files yet.`);
  const cancelled = (): LoadOutcome => ({ ok: false, format, size, problem: { severity: 'error', message: 'Loading was cancelled.' }, cancelled: true });
  if (ctx.signal.aborted) return cancelled();
  try {
    const file = await engine.load(format, { ...ctx, size });
    // A cancel that arrived after the parse workers finished (while the index was built) was
    // accepted: the user is told the load stopped, so it must not turn up loaded after all.
    if (ctx.signal.aborted) return cancelled();
    return { ok: true, format, size, file };
  } catch (e) {
    if (ctx.signal.aborted) return cancelled();
    if ((e as NodeJS.ErrnoException)?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return fail(format, `The parser ran out of memory reading it (${formatBytes(size)}); the other files are not affected. Raise TRACELENS_WORKER_HEAP_MB or split the file.`);
    }
    return fail(format, `Reading it failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function ioMessage(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'The file does not exist (it may have been moved or deleted).';
  if (code === 'EACCES' || code === 'EPERM') return 'Permission denied: TraceLens may not read it.';
  if (code === 'EISDIR') return 'It is a folder, not a file.';
  return `It could not be read: ${e instanceof Error ? e.message : String(e)}`;
}
