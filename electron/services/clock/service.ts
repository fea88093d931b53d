/**
 * The clock of one session: the solver's offsets over the visible svclog files (re-solved when the
 * index or the reference changes), the user's overrides, and the mode. Everything that shows time
 * asks `offsetsUs(index)` for the per-computer offset to subtract (empty in raw mode).
 */
import type { HostClock, SkewReport } from '../../../shared/channels/skew';
import { skewInputFromSvclog, solveSkew, type SkewResult } from '../../engine/skew';
import type { SvclogIndex } from '../../engine/svclog';
import type { Session } from '../session';
import { ClockState } from './clock-state';

const toMs = (us: number) => Math.round(us) / 1000;

export class ClockService {
  readonly state = new ClockState();
  private solved?: { index: SvclogIndex; reference: string | undefined; result: SkewResult; events: Map<string, number> };
  private applied?: { index: SvclogIndex; version: number; offsets: ReadonlyMap<string, number> };

  /** Bumped on every user edit (index changes are tracked by the views' own version). */
  get version(): number {
    return this.state.version;
  }

  solve(index: SvclogIndex): { result: SkewResult; events: Map<string, number> } {
    const reference = this.state.reference;
    if (!this.solved || this.solved.index !== index || this.solved.reference !== reference) {
      const input = skewInputFromSvclog(index, reference);
      this.solved = { index, reference, result: solveSkew(input), events: new Map(input.hostEvents) };
    }
    return this.solved;
  }

  /** Effective offset of each computer in whole µs (override, else solver); empty in raw mode. */
  offsetsUs(index: SvclogIndex): ReadonlyMap<string, number> {
    if (this.applied && this.applied.index === index && this.applied.version === this.version) return this.applied.offsets;
    const offsets = new Map<string, number>();
    if (this.state.mode === 'adjusted') {
      for (const h of this.solve(index).result.hosts) {
        const override = this.state.overridesMs.get(h.computer);
        // Whole µs: the 100 ns tick digit stays meaningful after the shift.
        const us = Math.round(override !== undefined ? override * 1000 : h.offsetUs);
        if (us !== 0) offsets.set(h.computer, us);
      }
    }
    this.applied = { index, version: this.version, offsets };
    return offsets;
  }

  report(index: SvclogIndex): SkewReport {
    const { result, events } = this.solve(index);
    const hosts: HostClock[] = result.hosts.map((h) => {
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
