/**
 * Clock offsets by machine rather than by svclog Computer: an IIS log names its server
 * (s-computername, s-ip) while the offsets are solved per trace Computer, so a name is resolved to
 * its machine first (machines.ts) and takes the offset of that machine's traces.
 */
import type { Session } from '../session';
import { machines } from '../machines/machines';
import { svclogViews } from '../svclog-views/views';
import { clockService } from './service';

export interface MachineClock {
  /** Offset to subtract (adjusted = raw − offset), µs; 0 in raw mode or for machines without traces. */
  offsetUs(name: string): number;
  /** Half-width of the offset's feasible interval, µs (0 when unbounded or unknown). */
  skewUs(name: string): number;
}

export function machineClock(session: Session): MachineClock {
  const index = svclogViews(session).view().index;
  const clock = clockService(session);
  const offsets = clock.offsetsUs(index);
  const hosts = new Map(clock.solve(index).result.hosts.map((h) => [h.computer, h]));
  const identity = machines(session).identity();
  const computerOf = (name: string) => (hosts.has(name) ? name : identity.traceComputers(name)[0]);
  return {
    offsetUs: (name) => {
      const c = computerOf(name);
      return c === undefined ? 0 : (offsets.get(c) ?? 0);
    },
    skewUs: (name) => {
      const h = hosts.get(computerOf(name) ?? '');
      return h && h.lowUs !== null && h.highUs !== null ? Math.max(0, (h.highUs - h.lowUs) / 2) : 0;
    },
  };
}
