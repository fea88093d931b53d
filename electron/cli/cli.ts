/**
 * The `tracelens` command: `serve` (browser host) and `summary` (headless load and report).
 * Exit codes: 0 all files loaded, 1 a file had errors, 2 bad usage.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { plural } from '../../shared/format';
import { resolveZone } from '../../shared/time-zone';
import { parseSize } from '../services/size-limit';
import { APP_VERSION } from './paths';
import { EXPORT_FORMATS, exportFiles, type ExportFormat } from './export';
import { filterFromFlags, withFilterOptions, type FilterFlags } from './filter-options';
import { serve } from './serve';
import { summarize } from './summary';
import { formatSummaryText } from './summary-text';

// For tools that load files with the built bundle (the hardening tests' memory probe).
export { summarize } from './summary';

function fileSize(value: string): number {
  const n = parseSize(value);
  if (n === undefined) throw new InvalidArgumentError('a size such as 500M or 2G');
  return n;
}

function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return n;
}

export function buildProgram(): Command {
  const program = new Command('tracelens')
    .description('TraceLens: WCF svclog traces and IIS logs, correlated across machines.')
    .version(APP_VERSION)
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) })
    .option('--max-file-size <size>', 'refuse files larger than this (e.g. 500M, 2G; default 8G)', fileSize)
    .hook('preAction', (cmd) => {
      // Sessions read the limit from the environment, so serve, summary and export all honour it.
      const limit = cmd.opts<{ maxFileSize?: number }>().maxFileSize;
      if (limit) process.env.TRACELENS_MAX_FILE_SIZE = String(limit);
    });

  program
    .command('serve')
    .description('serve the app to a browser on 127.0.0.1 (prints its URL, with a per-run token)')
    .argument('[files...]', 'files to load at start')
    .option('--port <n>', 'port to listen on (default: a free one)', portNumber)
    .option('--no-open', 'do not open the default browser')
    .addOption(new Option('--bind <address>', 'interface to bind (loopback only)').default('127.0.0.1').hideHelp())
    .action(async (files: string[], o: { port?: number; open: boolean; bind: string }) => {
      await serve({ port: o.port, open: o.open, bind: o.bind, files });
    });

  withFilterOptions(
    program
      .command('summary')
      .description('load files and print what was found (formats, records, problems, per-format facts); with filter flags, also what the filter keeps')
      .argument('<files...>', 'trace and log files, workspaces (.tracelens) and Service Trace Viewer projects (.stvproj)')
      .option('--json', 'print JSON'),
  ).action(async (files: string[], o: { json?: boolean } & FilterFlags) => {
      const s = await summarize(files, filterFromFlags(o), o.tz);
      process.stdout.write(o.json ? `${JSON.stringify(s, null, 2)}\n` : `${formatSummaryText(s)}\n`);
      process.exitCode = s.files.some((f) => f.errors.length > 0) || s.problems ? 1 : 0;
    });
  withFilterOptions(
    program
      .command('export')
      .description('export traces or requests (csv, jsonl: what the filter flags keep), or activities and messages (perfetto, otlp)')
      .argument('<files...>', 'trace and log files, workspaces (.tracelens) and Service Trace Viewer projects (.stvproj)')
      .addOption(new Option('--format <format>', 'output format').choices([...EXPORT_FORMATS]).makeOptionMandatory())
      .requiredOption('-o, --output <file>', 'where to write')
      .addOption(new Option('--what <rows>', 'csv/jsonl: svclog traces or IIS requests (default: traces when any)').choices(['traces', 'requests']))
      .option('--raw-time', 'do not apply the clock-skew correction'),
  ).action(async (files: string[], o: { format: ExportFormat; output: string; what?: 'traces' | 'requests'; rawTime?: boolean } & FilterFlags) => {
      const r = await exportFiles(files, { format: o.format, output: o.output, what: o.what, filter: filterFromFlags(o), rawTime: o.rawTime, timeZone: o.tz && resolveZone(o.tz) });
      for (const p of r.problems) console.error(`tracelens: ${p}`);
      const unit = o.format === 'perfetto' ? 'trace event' : o.format === 'otlp' ? 'span' : 'row';
      console.error(r.written > 0 ? `tracelens: wrote ${plural(r.written, unit)} to ${o.output}` : `tracelens: ${o.output} was not written`);
      process.exitCode = r.problems.length > 0 || r.written === 0 ? 1 : 0;
    });
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; anything else commander rejects is bad usage.
      process.exit(e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0 ? 0 : 2);
    }
    console.error(`tracelens: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}

if (require.main === module) void main(process.argv);
