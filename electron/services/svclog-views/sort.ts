/** The activity table's column orders (ascending; the caller flips for descending). */
import type { ActivitySort } from '../../../shared/channels/svclog';
import type { Activity } from '../../engine/svclog';
import type { ViewIndex } from './view-index';

/** Errors first, then warnings, then the rest: ascending "severity" puts problems on top. */
function severityRank(a: Activity): number {
  return a.worstLevel === 1 || a.worstLevel === 2 ? 0 : a.worstLevel === 4 ? 1 : 2;
}

/** `span`: the activities' displayed (clock-adjusted) first and last times. */
export function compareActivities(key: ActivitySort, acts: readonly Activity[], counts: Int32Array, span: ViewIndex['activityTimes']): (x: number, y: number) => number {
  switch (key) {
    case 'severity':
      return (x, y) => severityRank(acts[x]) - severityRank(acts[y]) || acts[x].worstLevel - acts[y].worstLevel;
    case 'name':
      return (x, y) => (acts[x].name || acts[x].id).localeCompare(acts[y].name || acts[y].id);
    case 'traces':
      return (x, y) => counts[x] - counts[y];
    case 'duration':
      return (x, y) => span.lastUs[x] - span.firstUs[x] - (span.lastUs[y] - span.firstUs[y]);
    case 'start':
      return (x, y) => span.firstUs[x] - span.firstUs[y] || span.firstTick[x] - span.firstTick[y];
    case 'end':
      return (x, y) => span.lastUs[x] - span.lastUs[y] || span.lastTick[x] - span.lastTick[y];
    case 'hosts':
      return (x, y) => acts[x].hosts.join(',').localeCompare(acts[y].hosts.join(','));
  }
}
