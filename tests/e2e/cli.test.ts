/** The `tracelens` command as a user runs it (the built bin), on the samples and the corpus. */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFile, describeCorpus } from '../support/corpus';
import { REPO } from './support/host';

const BIN = join(REPO, 'bin', 'tracelens.cjs');
const SAMPLES = join(REPO, 'assets', 'samples');
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });

describe('tracelens CLI', () => {
  it('prints help and exits 0', () => {
    const r = run('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/serve/);
    expect(r.stdout).toMatch(/summary/);
  });

  it('exits 2 on bad usage', () => {
    expect(run('frobnicate').status).toBe(2);
    expect(run('summary').status).toBe(2);
    expect(run('serve', '--port', 'abc').status).toBe(2);
  });

  it('summarizes the samples as JSON and exits 0', () => {
    const r = run('summary', '--json', join(SAMPLES, 'web01_orderportal.svclog'), join(SAMPLES, 'app01_u_ex261120.log'));
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.files).toEqual([
      expect.objectContaining({ path: join(SAMPLES, 'web01_orderportal.svclog'), format: 'svclog', size: expect.any(Number), records: 204, events: 204, warnings: [], errors: [] }),
      expect.objectContaining({ path: join(SAMPLES, 'app01_u_ex261120.log'), format: 'iis-w3c', records: 364, errors: [] }),
    ]);
    expect(s.svclog.events).toBe(204);
    expect(s.iis.requests).toBe(364);
  });

  it('summary loads only its own code: not the server or the exporters, and says when parsing started', () => {
    // A preload lists the modules the process loaded; TRACELENS_TRACE_STARTUP prints the start-up marks.
    const dir = mkdtempSync(join(tmpdir(), 'tl-cli-lean-'));
    const preload = join(dir, 'modules.cjs');
    writeFileSync(preload, "process.on('exit', () => process.stderr.write('modules: ' + JSON.stringify(Object.keys(require.cache)) + '\\nbuiltins: ' + JSON.stringify(process.moduleLoadList) + '\\n'));");
    const r = spawnSync(process.execPath, ['-r', preload, BIN, 'summary', '--json', join(SAMPLES, 'web01_orderportal.svclog')], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, TRACELENS_TRACE_STARTUP: '1' },
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).svclog.events).toBe(204);
    const modules: string[] = JSON.parse(/^modules: (.*)$/m.exec(r.stderr)?.[1] ?? '[]');
    const bundles = modules.filter((m) => m.startsWith(join(REPO, 'out'))).map((m) => m.slice(join(REPO, 'out').length + 1));
    expect(bundles.sort()).toEqual(['cli-summary.cjs', 'cli.cjs']);
    expect(modules.some((m) => m.includes('node_modules'))).toBe(false);
    // Nor does its bundle carry the contract's schemas, the host's WebSocket server or the CSV writer.
    const bundle = readFileSync(join(REPO, 'out', 'cli-summary.cjs'), 'utf8');
    for (const pkg of ['zod', 'ws', 'csv-stringify', 'commander']) expect(bundle.includes(`// node_modules/${pkg}/`), pkg).toBe(false);
    expect(bundle.includes('// electron/engine/svclog/load.ts')).toBe(true);
    const marks = [...r.stderr.matchAll(/^tracelens: startup ([\d.]+) ms \(cpu [\d.]+ ms\) (.*)$/gm)].map((m) => m[2]);
    // The summary bundle compiles from the V8 code cache the build made (scripts/code-cache.mjs).
    expect(marks.slice(0, 4)).toEqual(['command line parser loaded', 'cli-summary.cjs compiled from its code cache', 'summary command loaded', expect.stringMatching(/^svclog parse started \(bytes 0–/)]);
    // Node modules a summary does not use are not loaded (commander's child_process, zlib for EVTX checksums).
    const builtins: string[] = JSON.parse(/^builtins: (.*)$/m.exec(r.stderr)?.[1] ?? '[]');
    expect(builtins).toContain('NativeModule worker_threads');
    expect(builtins.filter((m) => /^NativeModule (child_process|zlib)$/.test(m))).toEqual([]);
  });

  it('reports the clock skew between the sample machines (APP01 runs 350 ms ahead)', () => {
    const r = run('summary', '--json', join(SAMPLES, 'web01_orderportal.svclog'), join(SAMPLES, 'app01_orderservice.svclog'));
    expect(r.status).toBe(0);
    const { skew } = JSON.parse(r.stdout);
    expect(skew.reference).toBe('APP01');
    expect(skew.consistent).toBe(true);
    const web = skew.hosts.find((h: { computer: string }) => h.computer === 'WEB01');
    expect(web).toMatchObject({ pairs: 80, connected: true });
    expect(Math.abs(web.offsetMs + 350)).toBeLessThan(2);
    expect(web.lowMs).toBeLessThanOrEqual(-350);
    expect(web.highMs).toBeGreaterThanOrEqual(-350);
  });

  it('prints a readable summary without --json: sentences and tables, no JSON', () => {
    const r = run('summary', join(SAMPLES, 'app01_u_ex261120.log'), join(SAMPLES, 'web01_orderportal.svclog'), join(SAMPLES, 'app01_orderservice.svclog'));
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('3 files: 1 IIS W3C log and 2 WCF traces; all loaded without errors.');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}file +format +size +records +warnings +errors$/));
    expect(lines).toContainEqual(expect.stringMatching(/app01_u_ex261120\.log +iis-w3c +50 KiB +364 +0 +0$/));
    expect(r.stdout).toContain('WCF traces: 569 events in 81 activities from 2 computers (APP01, WEB01) and 2 processes; 120 transfers, 160 messages (80 matched pairs); 4 errors and 5 warnings.');
    expect(r.stdout).toContain('IIS: 364 requests on 1 server (APP01); 1 slow request (5 s or more); 1 burst of 503s.');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}503\.2 +64$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}WEB01 +-349\.962 +-354\.121 +-345\.803 +80 +yes$/));
    expect(r.stdout).not.toMatch(/[{}"]/);
    expect(r.stdout).not.toMatch(/\(s\)|\b1 (files|records|requests|servers|bursts)\b/);
  });

  it('a refused or empty export leaves no file behind and keeps an earlier one; counts are in the right number', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-cli-refused-'));
    const out = join(dir, 'x.json');
    let r = run('export', join(SAMPLES, 'app01_u_ex261120.log'), '--format', 'perfetto', '-o', out);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual(['tracelens: Perfetto and OTLP exports need WCF traces (.svclog); none loaded.', `tracelens: ${out} was not written`]);
    expect(readdirSync(dir)).toEqual([]);
    const earlier = join(dir, 'earlier.csv');
    writeFileSync(earlier, 'keep me');
    r = run('export', join(SAMPLES, 'web01_orderportal.svclog'), '--format', 'csv', '--text', 'no such text anywhere', '-o', earlier);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('No traces match the filter; nothing was written.');
    expect(readFileSync(earlier, 'utf8')).toBe('keep me');
    expect(readdirSync(dir)).toEqual(['earlier.csv']);
    r = run('export', join(SAMPLES, 'app01_u_ex261120.log'), '--format', 'csv', '--from', '2026-11-20T01:50:03.5Z', '--to', '2026-11-20T01:50:04.5Z', '-o', join(dir, 'one.csv'));
    expect(r.status).toBe(0);
    expect(r.stderr.trim()).toBe(`tracelens: wrote 1 row to ${join(dir, 'one.csv')}`);
    r = run('export', join(SAMPLES, 'web01_orderportal.svclog'), '--format', 'csv', '-o', join(dir, 'missing-folder', 'x.csv'));
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`tracelens: Cannot write ${join(dir, 'missing-folder', 'x.csv')}: its folder does not exist.`);
  });

  it('says in one line that a busy --port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = run('serve', '--no-open', '--port', String(port));
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`tracelens: Port ${port} on 127.0.0.1 is already in use (another TraceLens or another program listens there); choose another --port, or leave it out to use a free one.\n`);
    } finally {
      blocker.close();
    }
  });

  it('exports Perfetto JSON and CSV, and exits 1 when there is nothing to export', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-cli-export-'));
    const trace = join(dir, 'trace.json');
    let r = run('export', join(SAMPLES, 'web01_orderportal.svclog'), join(SAMPLES, 'app01_orderservice.svclog'), '--format', 'perfetto', '-o', trace);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/wrote \d+ trace events/);
    expect(JSON.parse(readFileSync(trace, 'utf8')).traceEvents.length).toBeGreaterThan(500);
    r = run('export', join(SAMPLES, 'app01_u_ex261120.log'), '--format', 'csv', '--level', 'error', '-o', join(dir, 'errors.csv'));
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'errors.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 64 + 4);
    r = run('export', join(SAMPLES, 'app01_u_ex261120.log'), '--format', 'otlp', '-o', join(dir, 'x.json'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/need WCF traces/);
    expect(run('export', join(SAMPLES, 'app01_u_ex261120.log'), '--format', 'xml', '-o', join(dir, 'x')).status).toBe(2);
  });

  it('refuses files above --max-file-size with a sentence', () => {
    const r = run('summary', '--json', '--max-file-size', '100K', join(SAMPLES, 'web01_orderportal.svclog'), join(SAMPLES, 'app01_u_ex261120.log'));
    expect(r.status).toBe(1);
    const s = JSON.parse(r.stdout);
    expect(s.files[0].errors[0].message).toMatch(/It is 219 KiB, above the 100 KiB limit set for one file/);
    expect(s.files[1]).toMatchObject({ format: 'iis-w3c', records: 364, errors: [] });
    expect(run('summary', '--max-file-size', 'lots', join(SAMPLES, 'app01_u_ex261120.log')).status).toBe(2);
  });

  // Root reads every file, so "permission denied" is shown by running the CLI as `nobody`.
  const canDropPrivileges = process.getuid?.() === 0 && existsSync('/usr/sbin/runuser');
  if (!canDropPrivileges) console.warn('SKIPPED permission-denied test: needs root and runuser to run the CLI as another user');
  it.skipIf(!canDropPrivileges)('says "permission denied" for a file it may not read, and still loads the others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-perm-'));
    chmodSync(dir, 0o755);
    const secret = join(dir, 'secret.svclog');
    copyFileSync(join(SAMPLES, 'web01_orderportal.svclog'), secret);
    chmodSync(secret, 0o600);
    const r = spawnSync('/usr/sbin/runuser', ['-u', 'nobody', '--', process.execPath, BIN, 'summary', '--json', secret, join(SAMPLES, 'app01_u_ex261120.log')], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    const s = JSON.parse(r.stdout);
    expect(s.files[0].errors[0].message).toBe('Permission denied: TraceLens may not read it.');
    expect(s.files[1]).toMatchObject({ format: 'iis-w3c', records: 364 });
  });

  it('refuses to serve on a non-loopback address', () => {
    const r = run('serve', '--no-open', '--bind', '0.0.0.0');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/loopback/);
  });

  describeCorpus('on corpus files', () => {
    it('exits 1 and still reports the good files when one file is not a log', () => {
      const r = run('summary', '--json', corpusFile('svclog', 'finservice__Web_messages.svclog'), corpusFile('other', 'iislogloader__InvalidLogFile.log'));
      expect(r.status).toBe(1);
      const s = JSON.parse(r.stdout);
      expect(s.files[0]).toMatchObject({ format: 'svclog', records: 2, errors: [] });
      expect(s.files[1].format).toBe('unknown');
      expect(s.files[1].errors[0].message).toMatch(/plain text/);
    });
  });
});
