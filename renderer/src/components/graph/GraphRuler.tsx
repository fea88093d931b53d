import type { GraphData } from '../../../../shared/channels/skew';
import { formatDurationUs, formatTimeUs } from '../../../../shared/time';
import { displayZone, zoneShortLabel } from '../../../../shared/time-zone';
import { gapLabel, RULER_WIDTH, yOf, type View } from './scene';

/** Ticks closer than this many pixels are thinned out. */
const MIN_TICK_PX = 15;

/**
 * The ruler left of the graph: the time of the rows (every row when zoomed in on the sequence
 * layout) and the gap breaks with the time they cut out, e.g. "… 12 min 04 s …".
 */
export function GraphRuler({ data, view, height }: { data?: GraphData; view?: View; height: number }) {
  const breaks = data && view ? data.axis.breaks.map((b) => ({ y: yOf(view, b.pos), h: Math.max(14, b.length / view.posPerPx), label: gapLabel(b.toUs - b.fromUs), b })) : [];
  const inBreak = (y: number) => breaks.some((b) => y > b.y - 8 && y < b.y + b.h + 8);
  const ticks: { y: number; t: number }[] = [];
  if (data && view) {
    const { pos, timeUs } = data.axis.ticks;
    for (let i = 0; i < pos.length; i++) {
      const y = yOf(view, pos[i]);
      if (y < 18 || y > height - 4 || inBreak(y)) continue;
      if (ticks.length && y - ticks[ticks.length - 1].y < MIN_TICK_PX) continue;
      ticks.push({ y, t: timeUs[i] });
    }
  }
  const origin = data?.extent?.firstUs ?? 0;
  const day = ticks.length ? formatTimeUs(ticks[0].t).slice(0, 10) : '';
  return (
    <svg className="graph-ruler" width={RULER_WIDTH} height={height} data-testid="graph-ruler" role="img" aria-label={`Time ruler${day ? ` (${day}, ${zoneShortLabel(displayZone())})` : ''}`}>
      {day && (
        <text x={6} y={11} className="rel">
          {day}
        </text>
      )}
      {breaks.map((b, i) =>
        b.y + b.h < 0 || b.y > height ? null : (
          <g key={`b${i}`} data-testid="graph-break">
            <rect x={0} y={b.y} width={RULER_WIDTH} height={b.h} className="gap" />
            <text x={RULER_WIDTH / 2} y={b.y + b.h / 2 + 4} textAnchor="middle" className="gap-label">
              <title>{`${formatTimeUs(b.b.fromUs)} → ${formatTimeUs(b.b.toUs)}`}</title>
              {b.label}
            </text>
          </g>
        ),
      )}
      {ticks.map((k) => (
        <g key={k.y.toFixed(1)} transform={`translate(0,${k.y})`} data-testid="graph-tick">
          <line x1={RULER_WIDTH - 5} x2={RULER_WIDTH} y1={0} y2={0} stroke="currentColor" />
          <text x={RULER_WIDTH - 8} y={4} textAnchor="end">
            <title>{`${formatTimeUs(k.t)} (+${formatDurationUs(Math.round(k.t - origin))})`}</title>
            {formatTimeUs(k.t).slice(11, 26)}
          </text>
        </g>
      ))}
    </svg>
  );
}
