/**
 * Pan and zoom frames without React and without drawing. While a wheel or drag gesture runs, each
 * animation frame moves and stretches the canvas's last full drawing with a CSS transform (the
 * compositor places it: no pixels are copied on the page's thread); the scene is rebuilt and drawn
 * in full, with its labels placed again, once the gesture rests for SETTLE_MS, and that drawing
 * clears the transform in the same task. A frame then costs a style write whatever the number of
 * marks. (A kept copy blitted with drawImage cost a full-canvas copy after every drawing and a
 * scaled one per frame: 10–60 ms each on a software canvas under load.)
 */
import type { View } from './scene';

/** Quiet time after the last wheel or drag event before the full redraw. */
export const SETTLE_MS = 120;

type Placement = Pick<View, 'topPos' | 'posPerPx' | 'scrollX'>;

export class GesturePreview {
  private drawn?: Placement & { width: number };
  private frame = 0;

  /** The canvas now shows a full drawing for `view` (the source of the next previews): no transform. */
  keep(canvas: HTMLCanvasElement, view: View): void {
    this.cancel();
    canvas.style.transform = '';
    this.drawn = { topPos: view.topPos, posPerPx: view.posPerPx, scrollX: view.scrollX, width: view.width };
  }

  /** Shows the last drawing placed for `to` at the next animation frame (one per frame at most). */
  show(canvas: HTMLCanvasElement, to: Placement): void {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => {
      const d = this.drawn;
      if (!d || d.width === 0) return;
      const t0 = performance.now();
      // y on the new axis = y drawn × (old posPerPx / new) + (old top − new top) / new posPerPx.
      const sy = d.posPerPx / to.posPerPx;
      const ty = (d.topPos - to.topPos) / to.posPerPx;
      const tx = to.scrollX - d.scrollX;
      canvas.style.transformOrigin = '0 0';
      canvas.style.transform = `translate(${tx}px, ${ty}px) scale(1, ${sy})`;
      // Exposed like a full draw's time, with a count of previews (the frame-budget test and the bench read them).
      canvas.dataset.drawMs = (performance.now() - t0).toFixed(2);
      canvas.dataset.previews = String(Number(canvas.dataset.previews ?? 0) + 1);
    });
  }

  cancel(): void {
    cancelAnimationFrame(this.frame);
  }
}
