import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COARSE_TICK_US, detectResolutionUs, solveSkew, type SkewObservation } from '../../../electron/engine/skew';

/** Observations of messages between hosts whose clocks read true time + offset. */
function traffic(offsets: Record<string, number>, links: [string, string, number][], latencyUs: (k: number) => number): SkewObservation[] {
  const out: SkewObservation[] = [];
  let k = 0;
  for (const [from, to, count] of links) {
    for (let i = 0; i < count; i++, k++) {
      const t = 1_000_000 * k;
      out.push({ sendHost: from, sendUs: t + offsets[from], recvHost: to, recvUs: t + latencyUs(k) + offsets[to], label: `m${k}` });
    }
  }
  return out;
}

const events = (hosts: Record<string, number>) => new Map(Object.entries(hosts));
const host = (r: ReturnType<typeof solveSkew>, name: string) => r.hosts.find((h) => h.computer === name)!;

describe('clock-skew solver', () => {
  it('recovers a two-way offset within 2 ms and inside its interval', () => {
    const obs = traffic({ WEB: 0, APP: 350_000 }, [['WEB', 'APP', 20], ['APP', 'WEB', 20]], (k) => 800 + (k % 7) * 300);
    const r = solveSkew({ observations: obs, hostEvents: events({ WEB: 100, APP: 50 }) });
    expect(r.reference).toBe('WEB');
    expect(r.consistent).toBe(true);
    const app = host(r, 'APP');
    expect(Math.abs(app.offsetUs - 350_000)).toBeLessThan(2000);
    expect(app.lowUs!).toBeLessThanOrEqual(350_000);
    expect(app.highUs!).toBeGreaterThanOrEqual(350_000);
    expect(app.offsetUs).toBeGreaterThanOrEqual(app.lowUs!);
    expect(app.offsetUs).toBeLessThanOrEqual(app.highUs!);
    expect(app.pairs).toBe(40);
    expect(host(r, 'WEB')).toMatchObject({ offsetUs: 0, lowUs: 0, highUs: 0, connected: true });
  });

  it('solves hosts linked only through another host', () => {
    const offsets = { A: 0, B: -120_000, C: 2_400_000 };
    const obs = traffic(offsets, [['A', 'B', 5], ['B', 'A', 5], ['B', 'C', 5], ['C', 'B', 5]], () => 1500);
    const r = solveSkew({ observations: obs, hostEvents: events({ A: 10, B: 5, C: 5 }) });
    expect(host(r, 'C').connected).toBe(true);
    expect(Math.abs(host(r, 'C').offsetUs - 2_400_000)).toBeLessThan(2000);
    expect(Math.abs(host(r, 'B').offsetUs + 120_000)).toBeLessThan(2000);
  });

  it('bounds one-way links on one side only and stays inside the bound', () => {
    const obs = traffic({ A: 0, B: 50_000 }, [['A', 'B', 10]], () => 2000);
    const r = solveSkew({ observations: obs, hostEvents: events({ A: 10, B: 5 }) });
    const b = host(r, 'B');
    expect(b.lowUs).toBeNull();
    expect(b.highUs!).toBeGreaterThanOrEqual(50_000);
    expect(b.offsetUs).toBeLessThanOrEqual(b.highUs!);
    expect(b.connected).toBe(true);
  });

  it('reports a computer with no messages as not connected', () => {
    const obs = traffic({ A: 0, B: 1000 }, [['A', 'B', 3], ['B', 'A', 3]], () => 500);
    const r = solveSkew({ observations: obs, hostEvents: events({ A: 10, B: 5, LONELY: 7 }) });
    expect(host(r, 'LONELY')).toEqual({ computer: 'LONELY', offsetUs: 0, lowUs: null, highUs: null, pairs: 0, connected: false });
  });

  it('names the contradicting messages and falls back to a least-violation estimate', () => {
    const obs = traffic({ A: 0, B: 200_000 }, [['A', 'B', 10], ['B', 'A', 10]], () => 1000);
    // A mis-paired message: "received" 300 ms before it was sent, by B's own clock.
    obs.push({ sendHost: 'A', sendUs: 50_000_000, recvHost: 'B', recvUs: 50_000_000 - 100_000, label: 'bogus-message' });
    const r = solveSkew({ observations: obs, hostEvents: events({ A: 10, B: 5 }) });
    expect(r.consistent).toBe(false);
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0].messages).toContain('bogus-message');
    expect(r.conflicts[0].cycle.sort()).toEqual(['A', 'B']);
    expect(r.conflicts[0].violationUs).toBeGreaterThan(290_000);
    // Still an answer, between the two contradicting bounds, not a failure.
    const b = host(r, 'B');
    expect(Number.isFinite(b.offsetUs)).toBe(true);
    expect(b.offsetUs).toBeGreaterThan(-100_000);
    expect(b.offsetUs).toBeLessThan(201_000);
  });

  it('honours the user’s reference', () => {
    const obs = traffic({ A: 0, B: 10_000 }, [['A', 'B', 5], ['B', 'A', 5]], () => 700);
    const r = solveSkew({ observations: obs, hostEvents: events({ A: 10, B: 5 }), reference: 'B' });
    expect(r.reference).toBe('B');
    expect(Math.abs(host(r, 'A').offsetUs + 10_000)).toBeLessThan(2000);
  });

  it('widens bounds by coarse 15.6 ms clocks so the truth stays feasible', () => {
    const coarse = (t: number) => Math.floor(t / COARSE_TICK_US) * COARSE_TICK_US;
    const obs = traffic({ A: 0, B: 70_000 }, [['A', 'B', 30], ['B', 'A', 30]], (k) => 300 + (k % 5) * 100).map((o) => ({ ...o, sendUs: coarse(o.sendUs), recvUs: coarse(o.recvUs) }));
    const res = new Map([['A', COARSE_TICK_US], ['B', COARSE_TICK_US]]);
    const r = solveSkew({ observations: obs, hostEvents: events({ A: 10, B: 5 }), resolutionUs: res });
    const b = host(r, 'B');
    expect(r.consistent).toBe(true);
    expect(b.lowUs!).toBeLessThanOrEqual(70_000);
    expect(b.highUs!).toBeGreaterThanOrEqual(70_000);
  });

  it('keeps every recovered offset inside its interval for random meshes (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5_000_000, max: 5_000_000 }), { minLength: 2, maxLength: 6 }),
        fc.integer({ min: 100, max: 3000 }),
        (offs, lat) => {
          const names = offs.map((_, i) => `H${i}`);
          const offsets = Object.fromEntries(names.map((n, i) => [n, i === 0 ? 0 : offs[i]]));
          const links: [string, string, number][] = [];
          for (let i = 1; i < names.length; i++) links.push([names[i - 1], names[i], 3], [names[i], names[i - 1], 3]);
          const r = solveSkew({ observations: traffic(offsets, links, (k) => lat + (k % 3) * 200), hostEvents: events(Object.fromEntries(names.map((n, i) => [n, 100 - i]))) });
          expect(r.consistent).toBe(true);
          for (const h of r.hosts) {
            expect(h.offsetUs).toBeGreaterThanOrEqual(h.lowUs! - 1e-6);
            expect(h.offsetUs).toBeLessThanOrEqual(h.highUs! + 1e-6);
            expect(Math.abs(h.offsetUs - offsets[h.computer])).toBeLessThan(2000);
          }
        },
      ),
    );
  });
});

describe('timestamp resolution', () => {
  it('tells a 15.6 ms clock from a fine one', () => {
    const base = 1_700_000_000_000_000;
    const coarse = Array.from({ length: 200 }, (_, i) => base + Math.floor((i * 37_123) / COARSE_TICK_US) * COARSE_TICK_US);
    const fine = Array.from({ length: 200 }, (_, i) => base + i * 37_123);
    expect(detectResolutionUs(coarse)).toBe(COARSE_TICK_US);
    expect(detectResolutionUs(fine)).toBe(1);
  });
});
