import type { GraphData } from '../../../../shared/channels/skew';
import { formatTimeUs } from '../../../../shared/time';
import { columnLabel } from './GraphHeaders';
import { arrowTitle, arrowText, type Scene, type SceneArrow, type View } from './scene';

const MAX_ITEMS = 400;

/**
 * What the canvas shows, as text for screen readers (and tests): the traces in view in row order
 * with their host and column, and the arrows in view, each a button that follows it (a message to
 * its receive, a transfer's +/−).
 */
export function GraphA11y({ data, scene, view, onFollow }: { data: GraphData; scene: Scene; view: View; onFollow(a: SceneArrow): void }) {
  const inView = (y: number) => y >= 0 && y <= view.height;
  const traces = scene.marks.filter((m) => m.count === 1 && inView(m.y) && m.x >= 0 && m.x <= view.width).sort((a, b) => a.y - b.y || a.x - b.x);
  const arrows = scene.arrows.filter((a) => inView(a.y1) || inView(a.y2));
  return (
    <div className="sr-only graph-a11y" data-testid="graph-a11y">
      <ol aria-label="Traces in view, in order" data-testid="graph-trace-list">
        {traces.slice(0, MAX_ITEMS).map((m) => {
          const c = data.columns[m.column];
          return (
            <li key={`${m.file}:${m.index}`} data-testid="graph-trace-item" data-host={c.host} data-activity={c.activity} data-file={data.fileIds[m.file]} data-index={m.index} data-y={Math.round(m.y)}>
              {`${formatTimeUs(m.timeUs)} · ${c.host} · ${c.process.replace(/ on [^ ]+$/, '') || c.host} · ${columnLabel(c)} · ${m.text ?? ''}`}
            </li>
          );
        })}
      </ol>
      <ul aria-label="Labels in view">
        {scene.labels.filter((l) => inView(l.y) && l.x + l.w >= 0 && l.x <= view.width).slice(0, MAX_ITEMS).map((l, i) => (
          <li key={i} data-testid="graph-label-item" data-x={Math.round(l.x)} data-y={Math.round(l.y)} data-w={Math.round(l.w)} title={l.title}>
            {l.text}
          </li>
        ))}
      </ul>
      <ul aria-label="Arrows in view">
        {arrows.slice(0, MAX_ITEMS).map((a, i) => {
          const from = data.columns[a.arrow.from.column];
          const to = data.columns[a.arrow.to.column];
          const what = a.toggle ? `${a.toggle.expand ? 'Expand' : 'Collapse'} ${a.arrow.label}` : `Follow ${arrowText(a.arrow)} from ${from.host} ${columnLabel(from)} to ${to.host} ${columnLabel(to)}`;
          return (
            <li key={i}>
              <button
                type="button"
                tabIndex={-1}
                onClick={() => onFollow(a)}
                title={arrowTitle(a.arrow)}
                data-testid={a.arrow.kind === 'message' ? 'graph-arrow-item' : 'graph-transfer-item'}
                data-x1={Math.round(a.x1)}
                data-y1={Math.round(a.y1)}
                data-x2={Math.round(a.x2)}
                data-y2={Math.round(a.y2)}
                data-toggle-x={a.toggle ? Math.round(a.toggle.x) : undefined}
                data-toggle-y={a.toggle ? Math.round(a.toggle.y) : undefined}
                data-to-file={data.fileIds[a.arrow.to.file]}
                data-to-index={a.arrow.to.index}
                data-backwards={a.arrow.backwards ? 'true' : 'false'}
                data-count={a.arrow.count}
                data-expand={a.toggle ? String(a.toggle.expand) : undefined}
                data-target={a.arrow.target}
              >
                {what}
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
