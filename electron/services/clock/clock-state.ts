/**
 * The user's side of the clock: display mode, offset overrides (ms, as the workspace keeps them)
 * and the reference pick. `version` changes on every edit so views know their times are stale.
 */
import type { ClockMode } from '../../../shared/channels/skew';

export class ClockState {
  mode: ClockMode = 'adjusted';
  reference: string | undefined;
  readonly overridesMs = new Map<string, number>();
  private changes = 0;

  get version(): number {
    return this.changes;
  }

  setMode(mode: ClockMode): void {
    if (mode !== this.mode) {
      this.mode = mode;
      this.changes++;
    }
  }

  setOverride(computer: string, ms: number): void {
    this.overridesMs.set(computer, ms);
    this.changes++;
  }

  /** One computer's override, or all of them. */
  resetOverride(computer?: string): void {
    if (computer === undefined) this.overridesMs.clear();
    else this.overridesMs.delete(computer);
    this.changes++;
  }

  setReference(computer: string | undefined): void {
    this.reference = computer;
    this.changes++;
  }

  /** Replaces everything with a workspace's saved state. */
  restore(saved: { reference?: string; overridesMs: Record<string, number> }): void {
    this.reference = saved.reference;
    this.overridesMs.clear();
    for (const [c, ms] of Object.entries(saved.overridesMs)) this.overridesMs.set(c, ms);
    this.changes++;
  }

  toWorkspace(): { reference?: string; overridesMs: Record<string, number> } {
    return { ...(this.reference ? { reference: this.reference } : {}), overridesMs: Object.fromEntries(this.overridesMs) };
  }
}
