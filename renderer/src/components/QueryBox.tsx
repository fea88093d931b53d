import { useState } from 'react';
import { completeQuery, type checkQuery } from '../../../shared/query/parse';
import { zoneLabel } from '../../../shared/time-zone';
import { useTimeZone } from '../timeZone';

const help = (zone: string) =>
  'Query: words (all must match), "a phrase", -exclude, field:value (level, source, host, process, thread, activity, name, type, eventid, description, exception, action, to, from, status, uri, file), ' +
  `comparisons (duration>500ms, time>=22:01:20 in ${zoneLabel(zone)} as shown, eventid=131), /regex/i, or, ( ). F1 lists the grammar.`;

/** The filter box: a query checked as it is typed, with the position of a mistake and field-name suggestions. */
export function QueryBox({ text, setText, checked }: { text: string; setText(t: string): void; checked: ReturnType<typeof checkQuery> }) {
  const [focused, setFocused] = useState(false);
  const zone = useTimeZone();
  const suggestions = focused ? completeQuery(text) : [];
  const error = checked.ok ? undefined : checked.error;
  const accept = (s: string) => setText(text.replace(/[A-Za-z]+$/, s));
  return (
    <span className="query-box">
      <input
        className={`filter-text${error ? ' bad' : ''}`}
        type="search"
        placeholder="Filter: word &quot;phrase&quot; -not host:X"
        aria-label="Filter query"
        aria-invalid={!!error}
        title={help(zone)}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onFocus={() => setFocused(true)}
        onBlur={() => setTimeout(() => setFocused(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'Tab' && suggestions.length > 0) {
            e.preventDefault();
            accept(suggestions[0]);
          }
        }}
        data-testid="filter-text"
      />
      {error && (
        <span className="query-popup error" role="alert" data-testid="query-error">
          <code>
            {text.slice(0, error.at)}
            <mark>{text.slice(error.at, error.at + 1) || ' '}</mark>
            {text.slice(error.at + 1)}
          </code>
          <span>
            Character {error.at + 1}: {error.message}
          </span>
          {error.suggestions.map((s) => (
            <button key={s} type="button" className="link" onMouseDown={() => setText(text.slice(0, error.at) + text.slice(error.at).replace(/^[A-Za-z_]+/, s))}>
              {s}:
            </button>
          ))}
        </span>
      )}
      {!error && suggestions.length > 0 && (
        <span className="query-popup" data-testid="query-suggestions">
          {suggestions.map((s) => (
            <button key={s} type="button" className="link" onMouseDown={() => accept(s)}>
              {s}
            </button>
          ))}
          <span className="muted">Tab completes</span>
        </span>
      )}
    </span>
  );
}
