/**
 * The clock of one session: the solver's offsets over the visible svclog files (re-solved when the
 * index or the reference changes), the user's overrides, and the mode. Everything that shows time
 * asks `offsetsUs(index)` for the per-computer offset to subtract (empty in raw mode). Computer
 * names joined into one machine (machines.ts) share one clock: solved once, under the machine's
 * first trace Computer name, and every name of it gets that offset.
 */
import type { HostClock, SkewReport } from '../../../shared/channels/skew';
import { skewInputFromSvclog, solveSkew, type SkewResult } from '../../engine/skew';
import type { SvclogIndex } from '../../engine/svclog';
import type { Session } from '../session';
import { ClockState } from './clock-state';

/** Which trace Computer names are one machine (machines.ts's identity; its version changes on every join or split). */
export interface ClockMachines {
  version: number;
  traceComputers(name: string): string[];
}
const ONE_NAME_EACH: ClockMachines = { version: 0, traceComputers: () => [] };

const toMs = (us: number) => Math.round(us) / 1000;

export class ClockService {
  readonly state = new ClockState();
  private solved?: { index: SvclogIndex; reference: string | undefined; machines: number; result: SkewResult; events: Map<string, number>; names: Map<string, string[]> };
  private applied?: { index: SvclogIndex; version: number; machines: number; offsets: ReadonlyMap<string, number> };

  constructor(private readonly machinesOf: () => ClockMachines = () => ONE_NAME_EACH) {}

  /** Bumped on every user edit (index changes are tracked by the views' own version). */
  get version(): number {
    return this.state.version;
  }

  /** The solver's result per clock, its event counts, and the Computer names each clock stands for. */
  solve(index: SvclogIndex): { result: SkewResult; events: Map<string, number>; names: Map<string, string[]> } {
    const reference = this.state.reference;
    const joined = this.machinesOf();
    if (!this.solved || this.solved.index !== index || this.solved.reference !== reference || this.solved.machines !== joined.version) {
      const names = new Map<string, string[]>();
      const clockOf = (computer: string) => {
        const clock = joined.traceComputers(computer)[0] ?? computer;
        const list = names.get(clock);
        if (!list) names.set(clock, [computer]);
        else if (!list.includes(computer)) list.push(computer);
        return clock;
      };
      const input = skewInputFromSvclog(index, reference, clockOf);
      this.solved = { index, reference, machines: joined.version, result: solveSkew(input), events: new Map(input.hostEvents), names };
    }
    return this.solved;
  }

  /** Effective offset of each computer in whole µs (override, else solver); empty in raw mode. */
  offsetsUs(index: SvclogIndex): ReadonlyMap<string, number> {
    const joined = this.machinesOf().version;
    if (this.applied && this.applied.index === index && this.applied.version === this.version && this.applied.machines === joined) return this.applied.offsets;
    const offsets = this.offsetsIn(index, this.state.mode);
    this.applied = { index, version: this.version, machines: joined, offsets };
    return offsets;
  }

  /** The offsets the other mode would apply (what a switch of Raw/Adjusted will show, prepared ahead). */
  otherModeOffsetsUs(index: SvclogIndex): ReadonlyMap<string, number> {
    return this.offsetsIn(index, this.state.mode === 'adjusted' ? 'raw' : 'adjusted');
  }

  private offsetsIn(index: SvclogIndex, mode: 'raw' | 'adjusted'): Map<string, number> {
    const offsets = new Map<string, number>();
    if (mode === 'adjusted') {
      const { result, names } = this.solve(index);
      for (const h of result.hosts) {
        const override = this.state.overridesMs.get(h.computer);
        // Whole µs: the 100 ns tick digit stays meaningful after the shift.
        const us = Math.round(override !== undefined ? override * 1000 : h.offsetUs);
        if (us !== 0) for (const c of names.get(h.computer) ?? [h.computer]) offsets.set(c, us);
      }
    }
    return offsets;
  }

  report(index: SvclogIndex): SkewReport {
    const { result, events, names } = this.solve(index);
    const hosts: HostClock[] = result.hosts.map((h) => {
      const others = (names.get(h.computer) ?? []).filter((c) => c !== h.computer);
      const override = this.state.overridesMs.get(h.computer) ?? null;
      const autoMs = toMs(h.offsetUs);
      return {
        computer: h.computer,
        autoMs,
        overrideMs: override,
        effectiveMs: override ?? autoMs,
        lowMs: h.lowUs === null ? null : toMs(h.lowUs),
        highMs: h.highUs === null ? null : toMs(h.highUs),
        pairs: h.pairs,
        connected: h.connected,
        events: events.get(h.computer) ?? 0,
        ...(others.length ? { alsoNamed: others } : {}),
      };
    });
    return {
      mode: this.state.mode,
      clockVersion: this.version,
      reference: result.reference,
      referencePicked: this.state.reference !== undefined && this.state.reference === result.reference,
      consistent: result.consistent,
      hosts,
      conflicts: result.conflicts.map((c) => ({ cycle: c.cycle, messages: c.messages, violationMs: toMs(c.violationUs) })),
      workspace: this.state.toWorkspace(),
    };
  }
}

/** The clock of a session (one per window or browser host; see session-services.ts). */
export function clockService(session: Session): ClockService {
  return session.services.clock;
}
