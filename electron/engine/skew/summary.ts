/** The `skew` section of `tracelens summary --json`, in milliseconds (adjusted = raw − offsetMs). */
import type { SkewResult } from './solver';

export interface SkewSummary {
  reference: string;
  consistent: boolean;
  hosts: { computer: string; offsetMs: number; lowMs: number | null; highMs: number | null; pairs: number; connected: boolean }[];
  conflicts?: { cycle: string[]; messages: string[]; violationMs: number }[];
}

const ms = (us: number) => Math.round(us) / 1000;

export function skewSummary(r: SkewResult): SkewSummary {
  return {
    reference: r.reference,
    consistent: r.consistent,
    hosts: r.hosts.map((h) => ({
      computer: h.computer,
      offsetMs: ms(h.offsetUs),
      lowMs: h.lowUs === null ? null : ms(h.lowUs),
      highMs: h.highUs === null ? null : ms(h.highUs),
      pairs: h.pairs,
      connected: h.connected,
    })),
    ...(r.conflicts.length ? { conflicts: r.conflicts.map((c) => ({ cycle: c.cycle, messages: c.messages, violationMs: ms(c.violationUs) })) } : {}),
  };
}
