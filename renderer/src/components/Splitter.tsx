import type { PointerEvent } from 'react';
import { useView } from '../viewStore';

/**
 * A drag handle between two panes. It resizes the pane named `pane` (px, persisted in settings):
 * `vertical` handles move left/right, others up/down; `invert` when the pane is after the handle.
 */
export function Splitter({ pane, vertical, invert, min = 80, max = 2000, fallback }: { pane: string; vertical?: boolean; invert?: boolean; min?: number; max?: number; fallback: number }) {
  const size = useView((s) => s.panes[pane] ?? fallback);
  const setPane = useView((s) => s.setPane);
  const down = (e: PointerEvent) => {
    e.preventDefault();
    const start = vertical ? e.clientX : e.clientY;
    const move = (ev: globalThis.PointerEvent) => {
      const delta = (vertical ? ev.clientX : ev.clientY) - start;
      setPane(pane, Math.round(Math.max(min, Math.min(max, size + (invert ? -delta : delta)))));
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  return <div className={vertical ? 'splitter vertical' : 'splitter horizontal'} onPointerDown={down} role="separator" aria-orientation={vertical ? 'vertical' : 'horizontal'} data-testid={`splitter-${pane}`} />;
}
