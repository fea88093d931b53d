/**
 * The filter query compiled into cached term masks (electron/services/filter/svclog-query.ts):
 * every query keeps exactly the events a plain per-event reading of the same rule keeps, whatever
 * order queries come in (a cached term is reused, never changed by `not`, `and`, `or`), and a
 * clock change re-times the time terms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuery } from '../../shared/query/parse';
import { compileQuery } from '../../electron/services/filter/svclog-query';
import { Session } from '../../electron/services/session';
import { svclogViews } from '../../electron/services/svclog-views/views';
import { writeFilterScenario } from '../support/filter-scenario';

const dir = mkdtempSync(join(tmpdir(), 'tl-query-masks-'));
const scenario = writeFilterScenario(dir);
const session = new Session();

const count = (m: Uint8Array) => m.reduce((s, b) => s + b, 0);

describe('query masks', () => {
  beforeAll(async () => {
    session.open(scenario.files.map((path) => ({ path })));
    await session.whenIdle();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('match a per-event reading of the rule, in any order, with cached terms left as they were', () => {
    const view = svclogViews(session).view();
    const mask = (q: string) => compileQuery(view, parseQuery(q)!).mask;
    const host = (g: number) => view.hosts.names[view.hosts.of[g]];
    const web = Array.from({ length: view.total }, (_, g) => (host(g) === 'WEB01' ? 1 : 0));
    expect(count(Uint8Array.from(web))).toBeGreaterThan(0);
    for (let round = 0; round < 2; round++) {
      expect(Array.from(mask('host:WEB01'))).toEqual(web);
      expect(Array.from(mask('-host:WEB01'))).toEqual(web.map((b) => b ^ 1));
      expect(Array.from(mask('host:WEB01 or -host:WEB01'))).toEqual(web.map(() => 1));
      expect(count(mask('host:WEB01 -host:WEB01'))).toBe(0);
    }
    const errors = Array.from({ length: view.total }, (_, g) => (view.levelClass[g] <= 1 ? 1 : 0));
    expect(Array.from(mask('level>=error'))).toEqual(errors);
    expect(Array.from(mask('level>=error host:WEB01'))).toEqual(errors.map((b, g) => b & web[g]));
  });

  it('judge text and field terms as a per-event reading of the same fields does (text rows)', () => {
    const view = svclogViews(session).view();
    const mask = (q: string) => Array.from(compileQuery(view, parseQuery(q)!).mask);
    // The strings of each event as the grammar names them, read event by event.
    const fields = Array.from({ length: view.total }, (_, g) => {
      const { file, event } = view.eventOf(g);
      const ev = file.events;
      const mc = file.messages;
      const m = ev.message[event];
      const s = (id: number) => (id > 0 ? file.str(id).toLowerCase() : '');
      const msg = (col: ArrayLike<number>) => (m >= 0 ? s(col[m]) : '');
      const description = [s(ev.description[event]), s(ev.exceptionMessage[event])];
      const name = s(ev.activityName[event]);
      const type = s(ev.subType[event]);
      const action = msg(mc.action);
      const to = msg(mc.to);
      const any = [...description, s(ev.exceptionType[event]), name, type, action, to, msg(mc.source), view.sources.names[view.sources.of[g]].toLowerCase()];
      return { description, name, type, action, to, any };
    });
    const expectAs = (q: string, keep: (f: (typeof fields)[number]) => boolean) => {
      const want = fields.map((f) => (keep(f) ? 1 : 0));
      expect(want.some((b) => b === 1), `${q} keeps something`).toBe(true);
      expect(mask(q), q).toEqual(want);
    };
    for (let round = 0; round < 2; round++) {
      expectAs('order', (f) => f.any.some((s) => s.includes('order')));
      expectAs('timeout -type:transfer', (f) => f.any.some((s) => s.includes('timeout')) && !f.type.includes('transfer'));
      expectAs('description:failed', (f) => f.description.some((s) => s.includes('failed')));
      expectAs('action:order or to:app01', (f) => f.action.includes('order') || f.to.includes('app01'));
      expectAs('type=start', (f) => f.type === 'start');
      expectAs('description:/fail(ed|ure)/i', (f) => f.description.some((s) => /fail(ed|ure)/i.test(s)));
      expectAs('/Order \\d+ failed/i', (f) => f.any.some((s) => /order \d+ failed/i.test(s)));
    }
  });

  it('re-times time terms when the displayed times change', () => {
    const view = svclogViews(session).view();
    const first = view.timeUs[view.order[0]];
    const q = parseQuery(`time<=${new Date(first / 1000).toISOString()}`)!;
    const before = count(compileQuery(view, q).mask);
    expect(before).toBeGreaterThan(0);
    // Every host's clock one hour behind: nothing is at or before the old first time any more.
    view.applyOffsets(new Map(view.hosts.names.map((h) => [h, -3_600_000_000])));
    try {
      expect(count(compileQuery(view, q).mask)).toBe(0);
    } finally {
      view.applyOffsets(new Map());
    }
    expect(count(compileQuery(view, q).mask)).toBe(before);
  });

  it('reads a time of day in the zone shown: the events whose displayed clock matches', () => {
    const view = svclogViews(session).view();
    const wall = (g: number, offsetH: number) => (((view.timeUs[g] + offsetH * 3_600_000_000) % 86_400_000_000) + 86_400_000_000) % 86_400_000_000;
    const mid = view.timeUs[view.order[Math.floor(view.total / 2)]];
    // The middle event's clock in Kolkata (UTC+05:30, no daylight saving): events at or after it keep.
    const kolkata = new Date(mid / 1000 + 5.5 * 3_600_000).toISOString().slice(11, 19);
    const [h, m, sec] = kolkata.split(':').map(Number);
    const cut = ((h * 60 + m) * 60 + sec) * 1e6;
    const expected = Array.from({ length: view.total }, (_, g) => (wall(g, 5.5) >= cut ? 1 : 0));
    const inZone = compileQuery(view, parseQuery(`time>=${kolkata}`, { zone: 'Asia/Kolkata' })!).mask;
    expect(Array.from(inZone)).toEqual(expected);
    expect(count(inZone)).toBeGreaterThan(0);
    expect(count(inZone)).toBeLessThan(view.total);
    // Read as UTC, the same text keeps other events (the cached UTC term is a different term).
    const asUtc = compileQuery(view, parseQuery(`time>=${kolkata}`)!).mask;
    expect(Array.from(asUtc)).toEqual(Array.from({ length: view.total }, (_, g) => (wall(g, 0) >= cut ? 1 : 0)));
    expect(Array.from(asUtc)).not.toEqual(expected);
  });
});
