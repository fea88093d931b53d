/**
 * First thing in a one-shot `summary` or `export` (imported first by cli.ts): when the command
 * names a trace large enough for parse workers, its parse starts now (../engine/svclog/early-parse.ts)
 * and runs on other cores while this thread loads the command line parser and the command's
 * bundle; the load takes the running workers over. Only the first such file: the others load as
 * usual. It imports only what early-parse.ts needs (no parser), reads the first bytes of the
 * named files, and any failure just means no early start.
 */
import { resolve } from 'node:path';
import { startEarlyParseOf } from '../engine/svclog/early-parse';
import { maxFileBytesFromEnv, parseSize } from '../services/size-limit';
import { traceStartup } from '../engine/startup-trace';

/** The command line's `summary`/`export` file arguments (option values may be among them: they are sniffed like files), and its size limit. */
export function commandFiles(args: readonly string[]): { files: string[]; maxBytes: number } {
  let i = 0;
  let maxBytes = maxFileBytesFromEnv();
  while (i < args.length && args[i].startsWith('-')) {
    if (args[i] === '--max-file-size') maxBytes = parseSize(args[i + 1] ?? '') ?? maxBytes;
    i += args[i] === '--max-file-size' ? 2 : 1;
  }
  if (args[i] !== 'summary' && args[i] !== 'export') return { files: [], maxBytes };
  return { files: args.slice(i + 1).filter((a) => !a.startsWith('-')), maxBytes };
}

/** Starts the parse of the first large svclog file the arguments name; returns its path, or null. */
export function startFirstParse(args: readonly string[]): string | null {
  const { files, maxBytes } = commandFiles(args);
  for (const arg of files) {
    try {
      const path = resolve(arg);
      const workers = startEarlyParseOf(path, maxBytes);
      if (workers === 0) continue;
      traceStartup(`svclog parse workers started (${workers})`);
      return path;
    } catch {
      // Not a readable file (an option's value, a missing path): the load reports it.
    }
  }
  return null;
}

// The CLI's own process (not a test or a tool that imports the bundle): now, before cli.ts's other imports run.
if (typeof require !== 'undefined' && require.main === module) startFirstParse(process.argv.slice(2));
