/**
 * The `tracelens` command: `serve` (browser host), `summary` (headless load and report) and
 * `export`. Exit codes: 0 all files loaded, 1 a file had errors, 2 bad usage.
 *
 * This module only parses the command line: each command's code is imported when it runs, and the
 * build bundles each into its own file (scripts/build.mjs), so a one-shot `summary` does not
 * compile the browser host's server or the exporters before its parse workers start.
 */
// First: a large svclog's parse starts (early-parse-start.ts), then the command bundles compile
// from their V8 code caches (code-cache.ts).
import './early-parse-start';
import './code-cache';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { plural } from '../../shared/format';
import { traceStartup } from '../engine/startup-trace';
import { resolveZone } from '../../shared/time-zone';
import { parseSize } from '../services/size-limit';
import { EXPORT_FORMATS, type ExportFormat } from '../services/export-formats';
import type { TraceFilter } from '../../shared/channels/filter';
import { APP_VERSION } from './paths';
import { filterFromFlags, withFilterOptions, type FilterFlags } from './filter-options';
import type { Summary } from './summary';
import { formatSummaryText } from './summary-text';
import { traceCpuAtExit } from './cpu-trace';

traceStartup('command line parser loaded');
traceCpuAtExit();

/** Loads files headless and summarises them (also for tools that load files with the built bundle: the hardening tests' memory probe). */
export async function summarize(paths: readonly string[], filter?: TraceFilter, zone?: Parameters<typeof import('./summary').summarize>[2]): Promise<Summary> {
  const command = await import('./summary');
  traceStartup('summary command loaded');
  return command.summarize(paths, filter, zone);
}

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
    .option('--follow-folder <dir>', 'follow a folder of logs: its newest log opens, then each new one (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .addOption(new Option('--bind <address>', 'interface to bind (loopback only)').default('127.0.0.1').hideHelp())
    .action(async (files: string[], o: { port?: number; open: boolean; bind: string; followFolder?: string[] }) => {
      const { serve } = await import('./serve');
      await serve({ port: o.port, open: o.open, bind: o.bind, files, followFolders: o.followFolder ?? [] });
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
      .description('export traces, requests or all records (csv, jsonl: what the filter flags keep), activities and messages (perfetto, otlp), or every record kind as Parquet datasets (parquet)')
      .argument('<files...>', 'trace and log files, workspaces (.tracelens) and Service Trace Viewer projects (.stvproj)')
      .addOption(new Option('--format <format>', 'output format').choices([...EXPORT_FORMATS]).makeOptionMandatory())
      .option('-o, --output <path>', 'where to write (a folder for parquet)')
      .option('--endpoint <url>', 'otlp: send the spans to this OpenTelemetry collector (OTLP/HTTP protobuf, e.g. http://localhost:4318) instead of writing a file')
      .addOption(new Option('--what <rows>', 'csv/jsonl: svclog traces, IIS requests, or every record of every file with its own fields (default: traces when any, else requests when any, else records)').choices(['traces', 'requests', 'records']))
      .option('--raw-time', 'do not apply the clock-skew correction'),
  ).action(async (files: string[], o: { format: ExportFormat; output?: string; endpoint?: string; what?: 'traces' | 'requests' | 'records'; rawTime?: boolean; tz?: string } & FilterFlags, cmd: Command) => {
      if (o.endpoint !== undefined && o.format !== 'otlp') cmd.error("error: --endpoint goes with --format otlp", { exitCode: 2 });
      if (o.endpoint === undefined && !o.output) cmd.error("error: required option '-o, --output <path>' not specified", { exitCode: 2 });
      const { exportFiles } = await import('./export');
      traceStartup('export command loaded');
      const r = await exportFiles(files, { format: o.format, output: o.output ?? '', endpoint: o.endpoint, what: o.what, filter: filterFromFlags(o), rawTime: o.rawTime, timeZone: o.tz && resolveZone(o.tz) });
      for (const p of r.problems) console.error(`tracelens: ${p}`);
      const unit = o.format === 'perfetto' ? 'trace event' : o.format === 'otlp' ? 'span' : 'row';
      const where = o.endpoint ?? o.output;
      if (r.written > 0) console.error(`tracelens: ${o.endpoint ? 'sent' : 'wrote'} ${plural(r.written, unit)} to ${where}`);
      else console.error(`tracelens: ${o.endpoint ? `nothing was sent to ${where}` : `${where} was not written`}`);
      if (r.datasets) for (const [name, n] of Object.entries(r.datasets)) console.error(`tracelens:   ${name}: ${plural(n, 'row')}`);
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
