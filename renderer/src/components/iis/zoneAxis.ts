/**
 * Time-axis ticks in the display zone: d3 picks round ticks on the zone's wall clock (midnight in
 * New York, not in UTC) and each is placed at its real instant. Labels carry the year wherever
 * the date is shown: a range of years reads "2024, 2025", of months "Mar 2025", of days
 * "2025-03-14"; ticks within a day show the time, and the first one its date when no tick does.
 */
import * as d3 from 'd3';
import { wallToUtcMs, zoneOffsetMs, ZONE_UTC, type ZoneChoice } from '../../../../shared/time-zone';

export interface ZoneTicks {
  /** The ticks' instants (UTC). */
  at: Date[];
  labels: string[];
}

const fmtYear = d3.utcFormat('%Y');
const fmtMonth = d3.utcFormat('%b %Y');
const fmtDate = d3.utcFormat('%Y-%m-%d');
const fmtMs = d3.utcFormat('%H:%M:%S.%L');
const fmtS = d3.utcFormat('%H:%M:%S');
const fmtMin = d3.utcFormat('%H:%M');

const isMidnight = (w: Date) => !w.getUTCHours() && !w.getUTCMinutes() && !w.getUTCSeconds() && !w.getUTCMilliseconds();

function timeOfDay(w: Date): string {
  if (w.getUTCMilliseconds()) return fmtMs(w);
  if (w.getUTCSeconds()) return fmtS(w);
  return fmtMin(w);
}

/** About `count` ticks over [fromUs, toUs] on the wall clock of `zone`. */
export function zoneTicks(fromUs: number, toUs: number, count: number, zone: ZoneChoice): ZoneTicks {
  const toWall = (us: number) => us / 1000 + (zone === ZONE_UTC ? 0 : zoneOffsetMs(zone, us / 1000));
  const wall = d3.scaleUtc().domain([new Date(toWall(fromUs)), new Date(toWall(toUs))]).ticks(Math.max(2, count));
  const years = wall.length > 0 && wall.every((w) => isMidnight(w) && w.getUTCMonth() === 0 && w.getUTCDate() === 1);
  const months = wall.length > 0 && wall.every((w) => isMidnight(w) && w.getUTCDate() === 1);
  const anyDate = wall.some(isMidnight);
  const labels = wall.map((w, i) => {
    if (years) return fmtYear(w);
    if (months) return fmtMonth(w);
    if (isMidnight(w)) return fmtDate(w);
    return i === 0 && !anyDate ? `${fmtDate(w)} ${timeOfDay(w)}` : timeOfDay(w);
  });
  const at = wall.map((w) => new Date(zone === ZONE_UTC ? w.getTime() : wallToUtcMs(zone, w.getTime())));
  return { at, labels };
}
