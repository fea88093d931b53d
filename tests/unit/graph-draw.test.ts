/**
 * The graph canvas: labels never print over each other (placed, shortened or dropped by priority:
 * the selected activity's first, then errors and backwards messages, then other messages), and
 * they are drawn after every line so no arrow runs through one.
 */
import { describe, expect, it } from 'vitest';
import type { GraphData } from '../../shared/channels/skew';
import { drawScene } from '../../renderer/src/components/graph/draw';
import { LABEL_HEIGHT, placeLabels, shorten, type LabelRequest } from '../../renderer/src/components/graph/labels';
import { buildScene, columnGeometry, gapLabel, shortAction, type View } from '../../renderer/src/components/graph/scene';

const measure = (t: string) => t.length * 6;

/** A canvas context that records what is drawn, in order. */
function recordingContext(ops: string[]): CanvasRenderingContext2D {
  const ctx: Record<string, unknown> = { canvas: { width: 800, height: 600 }, measureText: (t: string) => ({ width: measure(t) }) };
  for (const name of ['clearRect', 'beginPath', 'moveTo', 'lineTo', 'closePath', 'fill', 'fillRect', 'strokeRect', 'arc', 'rect', 'setLineDash', 'save', 'restore']) ctx[name] = () => undefined;
  ctx.stroke = () => ops.push('line');
  ctx.fillText = (t: string) => ops.push(`label ${t}`);
  return ctx as unknown as CanvasRenderingContext2D;
}

const view: View = { topPos: 0, posPerPx: 0.1, scrollX: 0, width: 800, height: 600, cols: columnGeometry(800, Array(4).fill({ level: 'activity' })) };

/** Graph data with many message arrows a few pixels apart between columns 0 and 3, one from the selected column 1. */
function crowded(): GraphData {
  const end = (column: number, pos: number) => ({ column, pos, timeUs: pos, file: 0, index: pos });
  const arrow = (from: number, to: number, pos: number, label: string, backwards = false) => ({
    kind: 'message' as const,
    from: end(from, pos),
    to: end(to, pos + 0.2),
    label,
    exchange: 1,
    role: 'request' as const,
    backwardsRaw: backwards,
    backwards,
    crossHost: true,
    count: 1,
    backwardsCount: backwards ? 1 : 0,
    target: -1,
    targetExpanded: false,
  });
  const arrows = Array.from({ length: 40 }, (_, i) => arrow(0, 3, 10 + i * 0.4, `http://x/IOrders/SubmitOrder${i}`, i === 30));
  arrows.push(arrow(1, 3, 14, 'http://x/IStock/Reserve'));
  const col = (activity: number) => ({ level: 'activity' as const, host: 'H', process: 'p on H', activity, thread: -1, label: `a${activity}`, traces: 1, members: 1, severity: 'none' as const });
  return {
    columns: [col(0), col(1), col(2), col(3)],
    marks: { column: [], pos: [], timeUs: [], level: [], file: [], index: [], count: [] },
    arrows,
    axis: { layout: 'sequence', length: 100, rows: 100, gapUs: 1e7, breaks: [], ticks: { pos: [], timeUs: [] } },
    expanded: null,
  } as unknown as GraphData;
}

describe('graph labels', () => {
  it('never overlap, and the selected activity and backwards messages come first', () => {
    const scene = buildScene(crowded(), view, { selectedColumns: new Set([1]), measure });
    const boxes = scene.labels;
    expect(boxes.length).toBeGreaterThan(3);
    expect(boxes.length).toBeLessThan(41);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + LABEL_HEIGHT && b.y < a.y + LABEL_HEIGHT;
        expect(overlap, `${a.text} / ${b.text}`).toBe(false);
      }
    expect(boxes.some((b) => b.text === 'Reserve')).toBe(true);
    expect(boxes.some((b) => b.text.startsWith('SubmitOrder30'))).toBe(true);
  });

  it('shortens a label to its room and drops what does not fit at all', () => {
    expect(shorten('SubmitOrderResponse', 60, measure)).toBe('SubmitOrd…');
    expect(shorten('x', 3, measure)).toBe('');
    const req = (y: number): LabelRequest => ({ priority: 2, kind: 'arrow', text: 'Lookup', colour: '#000', anchors: [{ x: 100, y, align: 'center' }], maxWidth: 200, title: 'Lookup' });
    expect(placeLabels([req(50), req(52), req(80)], view, measure).map((l) => l.y)).toEqual([50, 80]);
  });

  it('draws every label after every line', () => {
    (globalThis as { window?: unknown }).window ??= { devicePixelRatio: 1 };
    const scene = buildScene(crowded(), view, { measure });
    const ops: string[] = [];
    drawScene(recordingContext(ops), scene, view, 4);
    const lastLine = ops.lastIndexOf('line');
    const firstLabel = ops.findIndex((o) => o.startsWith('label'));
    expect(firstLabel).toBeGreaterThan(lastLine);
  });

  it('names actions by their last segment and gaps in minutes, hours or days', () => {
    expect(shortAction('http://tracelens.sample/orders/IOrderService/SubmitOrder')).toBe('SubmitOrder');
    expect(gapLabel(724e6)).toBe('… 12 min 04 s …');
    expect(gapLabel(3 * 3600e6 + 300e6)).toBe('… 3 h 05 min …');
    expect(gapLabel(2 * 86_400e6 + 4 * 3600e6)).toBe('… 2 d 4 h …');
  });
});
