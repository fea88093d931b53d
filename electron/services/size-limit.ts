/**
 * The largest file one session will load: files above it are refused with a sentence instead of
 * exhausting memory. Set with --max-file-size on the command line or TRACELENS_MAX_FILE_SIZE.
 */
export const DEFAULT_MAX_FILE_BYTES = 8 * 1024 ** 3;

const UNITS: Record<string, number> = { '': 1, B: 1, K: 1024, KB: 1024, M: 1024 ** 2, MB: 1024 ** 2, G: 1024 ** 3, GB: 1024 ** 3, T: 1024 ** 4, TB: 1024 ** 4 };

/** "500M", "2G", "1.5GB", "123456" → bytes; undefined when it is not a size. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?B?)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = UNITS[m[2].toUpperCase()];
  const bytes = Math.floor(Number(m[1]) * unit);
  return bytes > 0 ? bytes : undefined;
}

/** The limit from the environment, or the default. */
export function maxFileBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return (env.TRACELENS_MAX_FILE_SIZE && parseSize(env.TRACELENS_MAX_FILE_SIZE)) || DEFAULT_MAX_FILE_BYTES;
}
