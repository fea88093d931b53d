import { useEffect, useRef, useState } from 'react';
import type { IisOverview } from '../../../../shared/channels/iis';
import { useIis, type IisTableFilter } from '../../iisStore';
import { formatCount } from '../../format';

/** A text box that applies on Enter/blur (or after a pause), so typing does not re-query per key. */
function FilterText({ label, field, width, numeric }: { label: string; field: keyof IisTableFilter; width: number; numeric?: boolean }) {
  const value = useIis((s) => s.filter[field]);
  const setFilter = useIis((s) => s.setFilter);
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => setText(value === undefined ? '' : String(value)), [value]);
  const parse = (t: string) => (t.trim() === '' ? undefined : numeric ? (/^\d+$/.test(t.trim()) ? Number(t.trim()) : null) : t);
  const parsed = parse(text);
  // What is typed but not applied yet: leaving the view within the pause still applies it.
  const pending = useRef<{ value: string | number | undefined } | null>(null);
  useEffect(() => {
    if (parsed === null || parsed === value) {
      pending.current = null;
      return;
    }
    pending.current = { value: parsed };
    const t = setTimeout(() => {
      pending.current = null;
      setFilter({ [field]: parsed });
    }, 300);
    return () => clearTimeout(t);
  }, [parsed, value, field, setFilter]);
  useEffect(
    () => () => {
      if (pending.current) setFilter({ [field]: pending.current.value });
    },
    [field, setFilter],
  );
  return (
    <input
      className={parsed === null ? 'bad' : ''}
      style={{ width }}
      placeholder={label}
      aria-label={label}
      title={label}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      data-testid={`iis-filter-${field}`}
    />
  );
}

/** Filters of the request table (and chart): status, substatus, URI, client, server, time-taken ≥. */
export function IisFilterBar({ overview }: { overview?: IisOverview }) {
  const filter = useIis((s) => s.filter);
  const setFilter = useIis((s) => s.setFilter);
  const active = Object.values(filter).some((v) => v !== undefined && v !== '');
  return (
    <div className="filter-bar iis-filter-bar" role="toolbar" aria-label="IIS filter">
      <FilterText label="Status" field="status" width={64} numeric />
      <FilterText label="Substatus" field="substatus" width={78} numeric />
      <FilterText label="URI contains" field="uri" width={160} />
      <FilterText label="Client IP" field="client" width={110} />
      <select aria-label="Server" value={filter.server ?? ''} onChange={(e) => setFilter({ server: e.currentTarget.value || undefined })} data-testid="iis-filter-server">
        <option value="">All servers</option>
        {overview?.servers.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <label>
        Time taken ≥ <FilterText label="ms" field="minTimeTaken" width={70} numeric />
      </label>
      {filter.stem !== undefined && (
        <span className="range-chip" data-testid="iis-stem-filter">
          URI = {filter.stem}
          <button type="button" className="icon" aria-label="Show every URI" onClick={() => setFilter({ stem: undefined })}>
            ✕
          </button>
        </span>
      )}
      <button type="button" disabled={!active} onClick={() => setFilter({ status: undefined, substatus: undefined, uri: undefined, stem: undefined, client: undefined, server: undefined, minTimeTaken: undefined })} data-testid="iis-filter-clear">
        Clear filters
      </button>
      <span className="spacer" />
      {overview && (
        <span className="muted small" data-testid="iis-overview" data-requests={overview.requests} data-httperr={overview.httperr}>
          {formatCount(overview.requests)} requests{overview.httperr ? ` · ${formatCount(overview.httperr)} HTTPERR entries` : ''}
          {overview.frebs.length ? ` · ${overview.frebs.length} FREB` : ''}
        </span>
      )}
    </div>
  );
}
