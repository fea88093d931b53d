/** The solver on real svclog files of a generated multi-machine scenario with known offsets. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { skewInputFromSvclog, solveSkew } from '../../../electron/engine/skew';
import { loadSvclog, SvclogIndex } from '../../../electron/engine/svclog';
import { writeScenario } from '../../support/skew-scenario';

async function load(files: string[]) {
  const loaded = await Promise.all(
    files.map((path, i) => loadSvclog({ path, fileId: `f${i}`, size: 0, signal: new AbortController().signal, onProgress: () => undefined })),
  );
  return new SvclogIndex(loaded);
}

describe('clock skew on a generated multi-machine scenario', () => {
  it('recovers every offset inside its interval, and within 2 ms where traffic is two-way and clocks are fine', async () => {
    const { files, offsetsUs } = writeScenario(join(mkdtempSync(join(tmpdir(), 'tl-skew-')), 'scenario'));
    expect(files.length).toBe(6);
    const index = await load(files);
    const result = solveSkew(skewInputFromSvclog(index));
    expect(result.consistent).toBe(true);
    const ref = result.reference;
    const truth = (h: string) => offsetsUs.get(h)! - offsetsUs.get(ref)!;
    const byHost = new Map(result.hosts.map((h) => [h.computer, h]));
    expect([...byHost.keys()].sort()).toEqual(['APP01', 'DB01', 'EDGE01', 'LEGACY01', 'WEB01']);
    for (const h of result.hosts) {
      expect(h.connected).toBe(true);
      if (h.lowUs !== null) expect(truth(h.computer)).toBeGreaterThanOrEqual(h.lowUs);
      if (h.highUs !== null) expect(truth(h.computer)).toBeLessThanOrEqual(h.highUs);
      if (h.lowUs !== null) expect(h.offsetUs).toBeGreaterThanOrEqual(h.lowUs);
      if (h.highUs !== null) expect(h.offsetUs).toBeLessThanOrEqual(h.highUs);
    }
    // Two-way, fine clocks: APP01 (direct) and DB01 (only through APP01).
    for (const h of ['APP01', 'DB01', 'WEB01']) expect(Math.abs(byHost.get(h)!.offsetUs - truth(h))).toBeLessThan(2000);
    // One-way only: EDGE01 is bounded on one side.
    expect(byHost.get('EDGE01')!.lowUs === null || byHost.get('EDGE01')!.highUs === null).toBe(true);
    // A 15.6 ms clock: still inside its (wider) interval, within a tick of the truth.
    expect(Math.abs(byHost.get('LEGACY01')!.offsetUs - truth('LEGACY01'))).toBeLessThan(15_625);
  });
});
