/**
 * The launcher with the electron package's real installer (install.js, @electron/get and the
 * native zip extractor from node_modules) on this Node version: it downloads from a local mirror
 * (ELECTRON_MIRROR) a zip holding a stand-in binary, checks it against the package's checksums,
 * extracts it, and the launcher starts it. A zip whose checksum does not match is refused with
 * @electron/get's own sentence. Nothing is written into node_modules: the package is a copy.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type LaunchDeps } from '../../electron/cli/launcher';
import { processLaunchDeps } from '../../electron/cli/launch-process';

const REPO = resolve(__dirname, '../..');
const REAL = join(REPO, 'node_modules', 'electron');
const version = (JSON.parse(readFileSync(join(REAL, 'package.json'), 'utf8')) as { version: string }).version;
const ZIP_NAME = `electron-v${version}-linux-x64.zip`;

/** A store-only zip (what the installer's extractor reads), entries with Unix modes. */
function zip(entries: { name: string; data: Buffer; mode: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4);
    local.writeUInt32LE(crc32(e.data), 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix: the external attributes carry the mode
    central.writeUInt16LE(10, 6);
    central.writeUInt32LE(crc32(e.data), 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((0o100000 | e.mode) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += local.length + name.length + e.data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const root = mkdtempSync(join(tmpdir(), 'tl-real-installer-'));
const record = join(root, 'args.json');
const BINARY = Buffer.from(`#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)));\n`);
const good = zip([
  { name: 'electron', data: BINARY, mode: 0o755 },
  { name: 'version', data: Buffer.from(version), mode: 0o644 },
]);
let served = good;
let server: Server;
let mirror = '';

/** A copy of the electron package whose dependencies resolve to the repository's node_modules. */
function packageCopy(checksum: string): string {
  const modules = join(mkdtempSync(join(root, 'case-')), 'node_modules');
  const pkg = join(modules, 'electron');
  mkdirSync(pkg, { recursive: true });
  for (const f of ['install.js', 'package.json']) copyFileSync(join(REAL, f), join(pkg, f));
  writeFileSync(join(pkg, 'checksums.json'), JSON.stringify({ [ZIP_NAME]: checksum }));
  for (const scope of ['@electron', '@electron-internal']) symlinkSync(join(REPO, 'node_modules', scope), join(modules, scope), 'dir');
  return pkg;
}

async function run(pkg: string): Promise<{ outcome: Awaited<ReturnType<typeof launch>>; lines: string[]; progress: string[] }> {
  const lines: string[] = [];
  const progress: string[] = [];
  const saved = { ...process.env };
  // The installer runs with this process's environment: the mirror, and a cache of the test's own.
  process.env.ELECTRON_MIRROR = mirror;
  process.env.electron_config_cache = mkdtempSync(join(root, 'cache-'));
  try {
    const deps: LaunchDeps = {
      ...processLaunchDeps(),
      env: { DISPLAY: ':0', TRACELENS_ELECTRON_PACKAGE: pkg },
      platform: 'linux',
      say: (l) => lines.push(l),
      progress: (l) => progress.push(l),
      startBrowserHost: async () => undefined,
    };
    return { outcome: await launch(['trace.svclog'], deps), lines, progress };
  } finally {
    process.env = saved;
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === `/v${version}/${ZIP_NAME}`) {
      res.writeHead(200, { 'content-length': served.length });
      res.end(served);
    } else {
      res.writeHead(404, 'Not Found');
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe.runIf(process.platform === 'linux' && process.arch === 'x64')("the launcher with the electron package's own installer", () => {
  it('downloads, checks and extracts the binary, then starts it with the files', async () => {
    served = good;
    const pkg = packageCopy(createHash('sha256').update(good).digest('hex'));
    const r = await run(pkg);
    expect(r.outcome).toEqual({ shell: 'electron', exitCode: 0 });
    expect(r.progress[0]).toBe(`TraceLens: downloading ${ZIP_NAME} from ${new URL(mirror).host}…`);
    expect(r.lines).toContain(`TraceLens: Electron installed (${join(pkg, 'dist', 'electron')}).`);
    expect(readFileSync(join(pkg, 'path.txt'), 'utf8')).toBe('electron');
    expect(JSON.parse(readFileSync(record, 'utf8'))).toEqual([join(REPO, 'out', 'main.cjs'), 'trace.svclog']);
  });

  it("refuses a download whose checksum does not match, with @electron/get's sentence", async () => {
    served = zip([{ name: 'electron', data: Buffer.from('#!/bin/sh\nexit 7\n'), mode: 0o755 }]);
    const pkg = packageCopy(createHash('sha256').update(good).digest('hex'));
    const r = await run(pkg);
    expect(r.outcome).toEqual({ shell: 'browser' });
    expect(r.lines.at(-1)).toMatch(/^TraceLens: the electron package's installer failed: Error: .*(checksum|sha256).*; starting the browser host instead\.$/i);
    expect(existsSync(join(pkg, 'path.txt'))).toBe(false);
  });
});
