import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { formatCount } from '../format';
import { displayName, displayText } from '../safeText';

export interface MultiSelectItem {
  value: string;
  /** Untrusted text is fine: shown through displayText. */
  label: string;
  count?: number;
  icon?: ReactNode;
}

interface Props {
  /** Accessible name and the summary's noun ("Sources"). */
  label: string;
  items: MultiSelectItem[];
  selected: readonly string[];
  onChange(values: string[]): void;
  /** Summary when nothing is chosen ("All sources"); then every item passes. */
  allLabel: string;
  testId: string;
  /** Shortcuts above the checkboxes (e.g. level thresholds). */
  presets?: { label: string; values: string[] }[];
  /** Whether an empty choice is allowed (it means "all" for sources; levels keep at least one). */
  allowEmpty?: boolean;
}

/**
 * A dropdown of checkboxes: several values of one filter at once. Keyboard: Enter/Space/↓ open it,
 * ↑/↓ move between the boxes, Space toggles, Escape closes and returns to the button.
 */
export function MultiSelect({ label, items, selected, onChange, allLabel, testId, presets, allowEmpty = true }: Props) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const popupId = useId();
  const chosen = new Set(selected);

  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => !root.current?.contains(e.target as Node) && setOpen(false);
    document.addEventListener('pointerdown', outside);
    root.current?.querySelector<HTMLElement>('input, button.preset')?.focus();
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const toggle = (value: string) => {
    const next = chosen.has(value) ? selected.filter((v) => v !== value) : [...selected, value];
    if (next.length === 0 && !allowEmpty) return;
    onChange(next);
  };
  const summary =
    selected.length === 0 || selected.length === items.length
      ? allLabel
      : selected.length === 1
        ? displayName(items.find((i) => i.value === selected[0])?.label ?? selected[0])
        : `${selected.length} ${label.toLowerCase()}`;

  const onPopupKey = (e: KeyboardEvent) => {
    const focusable = [...(root.current?.querySelectorAll<HTMLElement>('.multi-popup input, .multi-popup button') ?? [])];
    const at = focusable.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      button.current?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      focusable[(at + (e.key === 'ArrowDown' ? 1 : -1) + focusable.length) % focusable.length]?.focus();
    }
  };

  return (
    <div className="multi-select" ref={root} data-testid={testId}>
      <button
        ref={button}
        type="button"
        className={selected.length && selected.length < items.length ? 'multi-button active' : 'multi-button'}
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={popupId}
        aria-label={`${label}: ${summary}`}
        title={`${label}: ${summary}`}
        onClick={() => setOpen(!open)}
        onKeyDown={(e) => e.key === 'ArrowDown' && (e.preventDefault(), setOpen(true))}
        data-testid={`${testId}-button`}
      >
        <span className="multi-summary">{summary}</span> ▾
      </button>
      {open && (
        <div className="multi-popup" id={popupId} role="group" aria-label={label} onKeyDown={onPopupKey}>
          {presets && (
            <div className="multi-presets">
              {presets.map((p) => (
                <button key={p.label} type="button" className="preset" onClick={() => onChange(p.values)}>
                  {p.label}
                </button>
              ))}
            </div>
          )}
          {allowEmpty && (
            <button type="button" className="preset" onClick={() => onChange([])} data-testid={`${testId}-all`}>
              {allLabel}
            </button>
          )}
          <ul>
            {items.map((i) => (
              <li key={i.value}>
                <label title={i.label.length > 80 ? displayText(i.label) : undefined}>
                  <input type="checkbox" checked={chosen.has(i.value)} onChange={() => toggle(i.value)} data-value={i.value} />
                  {i.icon} {displayName(i.label)}
                  {i.count !== undefined && <span className="muted"> ({formatCount(i.count)})</span>}
                </label>
              </li>
            ))}
            {items.length === 0 && <li className="muted">none</li>}
          </ul>
        </div>
      )}
    </div>
  );
}
