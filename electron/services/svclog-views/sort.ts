/** The activity table's column orders (ascending; the caller flips for descending). */
import type { ActivitySort } from '../../../shared/channels/svclog';
import type { Activity } from '../../engine/svclog';

/** Errors first, then warnings, then the rest: ascending "severity" puts problems on top. */
function severityRank(a: Activity): number {
  return a.worstLevel === 1 || a.worstLevel === 2 ? 0 : a.worstLevel === 4 ? 1 : 2;
}

export function compareActivities(key: ActivitySort, acts: readonly Activity[], counts: Int32Array): (x: number, y: number) => number {
  switch (key) {
    case 'severity':
      return (x, y) => severityRank(acts[x]) - severityRank(acts[y]) || acts[x].worstLevel - acts[y].worstLevel;
    case 'name':
      return (x, y) => (acts[x].name || acts[x].id).localeCompare(acts[y].name || acts[y].id);
    case 'traces':
      return (x, y) => counts[x] - counts[y];
    case 'duration':
      return (x, y) => acts[x].durationUs - acts[y].durationUs;
    case 'start':
      return (x, y) => acts[x].firstUs - acts[y].firstUs || acts[x].firstTick - acts[y].firstTick;
    case 'end':
      return (x, y) => acts[x].lastUs - acts[y].lastUs || acts[x].lastTick - acts[y].lastTick;
    case 'hosts':
      return (x, y) => acts[x].hosts.join(',').localeCompare(acts[y].hosts.join(','));
  }
}
