import { useEffect, useRef } from 'react';
import { useMenu } from '../menuStore';

/** The context menu, kept inside the window; Escape, a click elsewhere or a scroll closes it. */
export function ContextMenu() {
  const menu = useMenu((s) => s.menu);
  const close = useMenu((s) => s.close);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!menu) return;
    const away = (e: Event) => {
      if (!(e.target instanceof Node && ref.current?.contains(e.target))) close();
    };
    const key = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        close();
      }
    };
    window.addEventListener('mousedown', away, true);
    window.addEventListener('wheel', away, true);
    window.addEventListener('keydown', key, true);
    ref.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
    return () => {
      window.removeEventListener('mousedown', away, true);
      window.removeEventListener('wheel', away, true);
      window.removeEventListener('keydown', key, true);
    };
  }, [menu, close]);
  if (!menu) return null;
  const x = Math.max(0, Math.min(menu.x, window.innerWidth - 420));
  const y = Math.max(0, Math.min(menu.y, window.innerHeight - 30 * menu.items.length - 10));
  return (
    <div ref={ref} className="context-menu" role="menu" data-testid={menu.testId ?? 'context-menu'} style={{ left: x, top: y }}>
      {menu.items.map((it, i) => (
        <button
          key={i}
          type="button"
          role={it.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
          aria-checked={it.checked}
          className={`menu-item${it.separator ? ' separated' : ''}`}
          disabled={it.disabled}
          data-testid="menu-item"
          onClick={() => {
            close();
            it.run();
          }}
        >
          <span className="menu-check">{it.checked === undefined ? '' : it.checked ? '✓' : ''}</span>
          <span className="menu-label">{it.label}</span>
          {it.keys && <kbd>{it.keys}</kbd>}
        </button>
      ))}
    </div>
  );
}
