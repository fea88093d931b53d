/**
 * Pan and zoom frames without React. While a wheel or drag gesture runs, each animation frame
 * shows the last full drawing moved and stretched to where the gesture has got (one drawImage of
 * a kept copy); the scene is rebuilt and drawn in full, with its labels placed again, once the
 * gesture rests for SETTLE_MS. A frame then costs a blit whatever the number of marks, instead of
 * a re-render of the view, a scene build and a draw per input event.
 */
import type { View } from './scene';

/** Quiet time after the last wheel or drag event before the full redraw. */
export const SETTLE_MS = 120;

type Placement = Pick<View, 'topPos' | 'posPerPx' | 'scrollX'>;

export class GesturePreview {
  private readonly copy = document.createElement('canvas');
  private drawn?: Placement & { width: number };
  private frame = 0;

  /** Keeps the full drawing just made on `canvas` for `view` (the source of the next previews). */
  keep(canvas: HTMLCanvasElement, view: View): void {
    this.cancel();
    if (this.copy.width !== canvas.width || this.copy.height !== canvas.height) {
      this.copy.width = canvas.width;
      this.copy.height = canvas.height;
    }
    const ctx = this.copy.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, this.copy.width, this.copy.height);
    ctx.drawImage(canvas, 0, 0);
    this.drawn = { topPos: view.topPos, posPerPx: view.posPerPx, scrollX: view.scrollX, width: view.width };
  }

  /** Shows the kept drawing placed for `to` at the next animation frame (one per frame at most). */
  show(canvas: HTMLCanvasElement, to: Placement): void {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => {
      const d = this.drawn;
      const ctx = canvas.getContext('2d');
      if (!d || !ctx || d.width === 0) return;
      const t0 = performance.now();
      const dpr = canvas.width / d.width;
      // y on the new axis = y drawn × (old posPerPx / new) + (old top − new top) / new posPerPx.
      const sy = d.posPerPx / to.posPerPx;
      const ty = (d.topPos - to.topPos) / to.posPerPx;
      const tx = to.scrollX - d.scrollX;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.setTransform(1, 0, 0, sy, tx * dpr, ty * dpr);
      ctx.drawImage(this.copy, 0, 0);
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      // Exposed like a full draw's time, with a count of previews (the frame-budget test and the bench read them).
      canvas.dataset.drawMs = (performance.now() - t0).toFixed(2);
      canvas.dataset.previews = String(Number(canvas.dataset.previews ?? 0) + 1);
    });
  }

  cancel(): void {
    cancelAnimationFrame(this.frame);
  }
}
