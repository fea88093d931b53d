import { useEffect, useRef } from 'react';
import type { FindLookIn } from '../../../shared/channels/svclog';
import { formatCount } from '../format';
import { useView } from '../viewStore';

/** Ctrl+F: find text across all traces or in the selected activities, in the whole XML of each trace or its indexed fields (STV's "Look in"); hits marked in the list and the detail. */
export function FindBar() {
  const find = useView((s) => s.find);
  const setFind = useView((s) => s.setFind);
  const stepFind = useView((s) => s.stepFind);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (find.open) input.current?.focus();
  }, [find.open]);
  if (!find.open) return null;
  const status = !find.text.trim() ? '' : find.at === -2 ? 'No hits' : find.at < 0 ? 'Enter to find' : `${formatCount(find.at + 1)} of ${formatCount(find.total)}${find.incomplete ? ' (search stopped early: more may exist)' : ''}`;
  return (
    <div className="find-bar" role="search">
      <label htmlFor="find-input">Find</label>
      <input
        id="find-input"
        ref={input}
        value={find.text}
        onChange={(e) => setFind({ text: e.currentTarget.value })}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void stepFind(e.shiftKey ? -1 : 1);
          } else if (e.key === 'Escape') setFind({ open: false });
        }}
        placeholder={find.lookIn === 'xml' ? 'text anywhere in the trace XML…' : 'text in descriptions, exceptions, actions…'}
        data-testid="find-input"
      />
      <select value={find.scope} onChange={(e) => setFind({ scope: e.currentTarget.value as 'all' | 'selection' })} aria-label="Find in" data-testid="find-scope">
        <option value="all">in all traces</option>
        <option value="selection">in the selected activities</option>
      </select>
      <label className="find-look-in" title="Whole trace: any text of the trace's XML, SOAP bodies and stack traces included. Indexed fields: description, exception, activity name, source, action and To (faster on huge files).">
        Look in{' '}
        <select value={find.lookIn} onChange={(e) => setFind({ lookIn: e.currentTarget.value as FindLookIn })} data-testid="find-look-in">
          <option value="xml">whole trace (XML)</option>
          <option value="fields">indexed fields</option>
        </select>
      </label>
      <button type="button" onClick={() => void stepFind(-1)} title="Previous hit (Shift+F3)" data-testid="find-prev">
        ▲ Previous
      </button>
      <button type="button" onClick={() => void stepFind(1)} title="Next hit (F3)" data-testid="find-next">
        ▼ Next
      </button>
      <span className="muted" data-testid="find-status">
        {status}
      </span>
      <span className="spacer" />
      <button type="button" className="icon" onClick={() => setFind({ open: false })} aria-label="Close find">
        ✕
      </button>
    </div>
  );
}
