import { useEffect, useRef } from 'react';
import type { FindLookIn } from '../../../shared/channels/svclog';
import { formatCount } from '../format';
import { useView } from '../viewStore';

const PLACEHOLDER: Record<FindLookIn, string> = {
  xml: 'text anywhere in the trace XML…',
  fields: 'text in descriptions, exceptions, actions…',
  attributes: 'text in XML attribute values…',
  messages: 'text in logged SOAP messages…',
};

/** Service Trace Viewer's find options. */
const OPTIONS: { key: 'matchCase' | 'wholeWord' | 'regex' | 'ignoreRoot'; label: string; title: string }[] = [
  { key: 'matchCase', label: 'Match case', title: 'Upper and lower case must match' },
  { key: 'wholeWord', label: 'Whole word', title: 'Only whole words (not part of a longer word)' },
  { key: 'regex', label: 'Regex', title: 'The text is a regular expression (one that runs too long on a trace is stopped)' },
  { key: 'ignoreRoot', label: 'Ignore root activity', title: 'Skip the traces of the root activity (000000…)' },
];

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
  const status = !find.text.trim()
    ? ''
    : find.searching
      ? 'Searching…'
      : find.at === -2
        ? 'No hits'
        : find.at < 0
          ? 'Enter to find'
          : `${formatCount(find.at + 1)} of ${formatCount(find.total)}${find.incomplete ? ' (search stopped early: more may exist)' : ''}`;
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
        placeholder={PLACEHOLDER[find.lookIn]}
        data-testid="find-input"
      />
      <select value={find.scope} onChange={(e) => setFind({ scope: e.currentTarget.value as 'all' | 'selection' })} aria-label="Find in" data-testid="find-scope">
        <option value="all">in all traces</option>
        <option value="selection">in the selected activities</option>
      </select>
      <label className="find-look-in" title="Whole trace: any text of the trace's XML, SOAP bodies and stack traces included. Indexed fields: description, exception, activity name, source, action and To (faster on huge files). XML attributes only: attribute values. Logged messages only: the message records' logged SOAP messages.">
        Look in{' '}
        <select value={find.lookIn} onChange={(e) => setFind({ lookIn: e.currentTarget.value as FindLookIn })} data-testid="find-look-in">
          <option value="xml">whole trace (XML)</option>
          <option value="fields">indexed fields</option>
          <option value="attributes">XML attributes only</option>
          <option value="messages">logged messages only</option>
        </select>
      </label>
      {OPTIONS.map((o) => (
        <label key={o.key} className="find-option" title={o.title}>
          <input type="checkbox" checked={find[o.key]} onChange={(e) => setFind({ [o.key]: e.currentTarget.checked })} data-testid={`find-${o.key}`} /> {o.label}
        </label>
      ))}
      <button type="button" onClick={() => void stepFind(-1)} title="Previous hit (Shift+F3)" data-testid="find-prev">
        ▲ Previous
      </button>
      <button type="button" onClick={() => void stepFind(1)} title="Next hit (F3)" data-testid="find-next">
        ▼ Next
      </button>
      <span className="muted" data-testid="find-status" aria-live="polite" aria-busy={find.searching ? true : undefined}>
        {status}
      </span>
      <span className="spacer" />
      <button type="button" className="icon" onClick={() => setFind({ open: false })} aria-label="Close find">
        ✕
      </button>
    </div>
  );
}
