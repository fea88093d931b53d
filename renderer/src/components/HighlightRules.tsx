import { useState } from 'react';
import type { HighlightRule } from '../../../shared/channels/svclog';
import { HIGHLIGHT_COLOURS, MAX_HIGHLIGHTS } from '../../../shared/lists';
import { checkQuery } from '../../../shared/query/parse';
import { useView } from '../viewStore';
import { useTimeZone } from '../timeZone';

/**
 * Highlight rules, as LogJoint and lnav have them: a query of the filter language and a colour;
 * rows of the trace list and Messages that match take the colour of the first rule they match.
 * Saved in the settings.
 */
export function HighlightRules() {
  const rules = useView((s) => s.highlights);
  const setRules = useView((s) => s.setHighlights);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [colour, setColour] = useState<HighlightRule['colour']>('yellow');
  const zone = useTimeZone();
  const checked = query.trim() ? checkQuery(query.trim(), { zone }) : undefined;
  const problem = checked && !checked.ok ? checked.error.message : '';
  const add = () => {
    if (!query.trim() || problem || rules.length >= MAX_HIGHLIGHTS) return;
    setRules([...rules, { query: query.trim(), colour }]);
    setQuery('');
  };
  const update = (i: number, patch: Partial<HighlightRule>) => setRules(rules.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  return (
    <span className="highlight-rules">
      <button type="button" className="small" data-testid="highlights-button" aria-expanded={open} onClick={() => setOpen(!open)} title="Colour rows that match a query">
        Highlights{rules.length ? ` (${rules.filter((r) => r.on !== false).length})` : ''}
      </button>
      {open && (
        <div className="popover highlight-popover" data-testid="highlights-panel" role="dialog" aria-label="Highlight rules">
          {rules.map((r, i) => (
            <div key={i} className={`highlight-rule hl-swatch hl-${r.colour}`} data-testid="highlight-rule">
              <input type="checkbox" checked={r.on !== false} onChange={(e) => update(i, { on: e.target.checked })} aria-label="On" />
              <code title={r.query}>{r.query}</code>
              <ColourSelect value={r.colour} onChange={(c) => update(i, { colour: c })} />
              <button type="button" className="icon" aria-label={`Remove ${r.query}`} onClick={() => setRules(rules.filter((_, k) => k !== i))}>
                ✕
              </button>
            </div>
          ))}
          <div className="highlight-rule">
            <input
              type="text"
              value={query}
              placeholder='Query, e.g. level:warning or "Deadlock"'
              data-testid="highlight-query"
              aria-invalid={!!problem}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && add()}
            />
            <ColourSelect value={colour} onChange={setColour} />
            <button type="button" data-testid="highlight-add" disabled={!query.trim() || !!problem || rules.length >= MAX_HIGHLIGHTS} onClick={add}>
              Add
            </button>
          </div>
          {problem && <p className="error-text small">{problem}</p>}
        </div>
      )}
    </span>
  );
}

function ColourSelect(p: { value: HighlightRule['colour']; onChange(c: HighlightRule['colour']): void }) {
  return (
    <select value={p.value} aria-label="Colour" data-testid="highlight-colour" onChange={(e) => p.onChange(e.target.value as HighlightRule['colour'])}>
      {HIGHLIGHT_COLOURS.map((c) => (
        <option key={c} value={c}>
          {c}
        </option>
      ))}
    </select>
  );
}
