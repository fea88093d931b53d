/**
 * The graph canvas draws message labels after every arrow line, so a later arrow never runs
 * through an earlier one's label (dense exchanges were unreadable).
 */
import { describe, expect, it } from 'vitest';
import { drawScene } from '../../renderer/src/components/graph/draw';
import type { Scene, SceneArrow } from '../../renderer/src/components/graph/scene';

/** A canvas context that records what is drawn, in order. */
function recordingContext(ops: string[]): CanvasRenderingContext2D {
  const ctx: Record<string, unknown> = { canvas: { width: 800, height: 600 }, measureText: (t: string) => ({ width: t.length * 6 }) };
  for (const name of ['clearRect', 'beginPath', 'moveTo', 'lineTo', 'closePath', 'fill', 'fillRect', 'arc', 'rect', 'setLineDash', 'save', 'restore']) ctx[name] = () => undefined;
  ctx.stroke = () => ops.push('line');
  ctx.fillText = (t: string) => ops.push(`label ${t}`);
  return ctx as unknown as CanvasRenderingContext2D;
}

const arrow = (y: number, label: string, role: 'request' | 'reply'): SceneArrow =>
  ({ x1: 100, y1: y, x2: 400, y2: y + 4, colour: '#123456', dashed: role === 'reply', width: 1.5, label, arrow: { kind: 'message', role } }) as unknown as SceneArrow;

describe('graph canvas', () => {
  it('draws every label after every line', () => {
    (globalThis as { window?: unknown }).window ??= { devicePixelRatio: 1 };
    const scene: Scene = { marks: [], arrows: [arrow(50, 'Submit', 'request'), arrow(52, 'SubmitResponse', 'reply'), arrow(80, 'Lookup', 'request')] };
    const ops: string[] = [];
    drawScene(recordingContext(ops), scene, { topUs: 0, usPerPx: 1, scrollX: 0, width: 800, height: 600 }, 3);
    const lastLine = ops.lastIndexOf('line');
    const firstLabel = ops.findIndex((o) => o.startsWith('label'));
    expect(ops.filter((o) => o.startsWith('label')).length).toBeGreaterThan(1);
    expect(firstLabel).toBeGreaterThan(lastLine);
  });
});
