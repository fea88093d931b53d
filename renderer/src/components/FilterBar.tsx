import { useEffect, useRef, useState } from 'react';
import type { FilterLevel, SvclogFilterOptions } from '../../../shared/channels/svclog';
import type { RecordLevel } from '../../../shared/model';
import { formatTimeUs, parseTimeUs } from '../../../shared/time';
import { displayZone, zoneLabel, zoneShortLabel } from '../../../shared/time-zone';
import { useTimeZone } from '../timeZone';
import { getApi } from '../api';
import { LEVEL_LABEL } from '../format';
import { ALL_LEVELS, ERRORS_AND_WARNINGS, useView } from '../viewStore';
import { LevelIcon } from './LevelIcon';
import { checkQuery } from '../../../shared/query/parse';
import { useStore } from '../store';
import { CustomFilterButton } from './custom/CustomFilterMenu';
import { clearFilter } from './FilterSummary';
import { MultiSelect } from './MultiSelect';
import { QueryBox } from './QueryBox';

/** "Show" choices as in STV: a severity threshold; activity boundaries are a separate switch. */
const THRESHOLDS: { label: string; levels: FilterLevel[] }[] = [
  { label: 'All', levels: ['critical', 'error', 'warning', 'info', 'verbose'] },
  { label: 'Critical', levels: ['critical'] },
  { label: 'Error and up', levels: ['critical', 'error'] },
  { label: 'Warning and up', levels: ['critical', 'error', 'warning'] },
  { label: 'Information and up', levels: ['critical', 'error', 'warning', 'info'] },
];

/** Severity levels in the order of the checkboxes (each also a FilterLevel). */
const SEVERITIES: (FilterLevel & RecordLevel)[] = ['critical', 'error', 'warning', 'info', 'verbose'];

/** A time for the box: its fraction without trailing zeros ("01:51:10", "01:50:00.6833"), so whole seconds stay short. */
function timeBoxText(us: number | undefined): string {
  return us === undefined ? '' : formatTimeUs(us).replace(/\.?0+$/, '');
}

function TimeBox({ label, value, onChange, placeholder }: { label: string; value?: number; onChange(us: number | undefined): void; placeholder: string }) {
  const [text, setText] = useState(timeBoxText(value));
  // The same instant reads differently in another zone.
  const zone = useTimeZone();
  useEffect(() => setText(timeBoxText(value)), [value, zone]);
  const bad = text.trim() !== '' && parseTimeUs(text) === undefined;
  return (
    <input
      className={`time-input${bad ? ' bad' : ''}`}
      // A typed or set time sizes the box to its length (a value is never cut); empty, it keeps the CSS width.
      style={text.length >= 19 ? { width: `calc(${text.length}ch + 14px)` } : undefined}
      aria-label={label}
      title={`${label} (${zoneLabel(displayZone())}, e.g. ${placeholder}); Enter to apply`}
      placeholder={placeholder}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onKeyDown={(e) => e.key === 'Enter' && !bad && onChange(parseTimeUs(text))}
      onBlur={() => !bad && onChange(parseTimeUs(text))}
      data-testid={`filter-${label.toLowerCase().replace(/\s+/g, '-')}`}
    />
  );
}

/** The filter bar: level threshold or any set of levels, boundaries, errors-and-warnings, sources, hosts, processes (several of each), time range, text. Applied on the main side. */
export function FilterBar() {
  const filter = useView((s) => s.filter);
  const setFilter = useView((s) => s.setFilter);
  const dataVersion = useView((s) => s.dataVersion);
  const [options, setOptions] = useState<SvclogFilterOptions | undefined>();
  const [text, setText] = useState(filter.text ?? '');
  useEffect(() => setText(filter.text ?? ''), [filter.text]);
  useEffect(() => {
    let live = true;
    void getApi()
      .call('svclog.filterOptions', {})
      .then((o) => live && setOptions(o))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [dataVersion]);
  // Debounced: typing must not rebuild the lists per keystroke; a query with a mistake is not applied.
  const zone = useTimeZone();
  const checked = checkQuery(text, { zone });
  useEffect(() => {
    if ((filter.text ?? '') === text || !checkQuery(text, { zone }).ok) return;
    const t = setTimeout(() => setFilter({ text }), 250);
    return () => clearTimeout(t);
  }, [text, filter.text, setFilter, zone]);
  // A restored time window (settings, workspace) that misses every loaded trace would hide them all: drop it, and say so.
  const restored = useView((s) => s.restored);
  const checkedRestore = useRef({ restored: -1, dataVersion: -1 });
  useEffect(() => {
    if (!options || options.firstUs === null || options.lastUs === null) return;
    if (useStore.getState().files.some((f) => f.state === 'loading' || f.state === 'queued')) return;
    // Checked once per restore and per change of files, never while the user edits the times.
    if (checkedRestore.current.restored === restored && checkedRestore.current.dataVersion === options.version) return;
    checkedRestore.current = { restored, dataVersion: options.version };
    const { fromUs, toUs } = useView.getState().filter;
    if (fromUs === undefined && toUs === undefined) return;
    if ((toUs ?? Infinity) >= options.firstUs && (fromUs ?? -Infinity) <= options.lastUs) return;
    const window = `${fromUs !== undefined ? formatTimeUs(fromUs).slice(0, 19) : '…'} – ${toUs !== undefined ? formatTimeUs(toUs).slice(0, 19) : '…'}`;
    setFilter({ fromUs: undefined, toUs: undefined });
    useStore.getState().notify(`The time filter ${window} (${zoneShortLabel(displayZone())}) does not overlap the loaded traces (${formatTimeUs(options.firstUs).slice(0, 19)} – ${formatTimeUs(options.lastUs).slice(0, 19)}); it was removed so that nothing is hidden.`);
  }, [options, restored, setFilter]);

  const levels = filter.levels ?? ALL_LEVELS;
  const boundaries = levels.includes('boundaries');
  const severities: FilterLevel[] = levels.filter((l) => l !== 'boundaries');
  const threshold = THRESHOLDS.findIndex((t) => t.levels.length === severities.length && t.levels.every((l: FilterLevel) => (severities as FilterLevel[]).includes(l)));
  const errorsAndWarnings = !boundaries && threshold === 3;
  const setLevels = (sev: FilterLevel[], withBoundaries: boolean) => setFilter({ levels: withBoundaries ? [...sev, 'boundaries'] : sev });

  return (
    <div className="filter-bar" role="toolbar" aria-label="Filter">
      <label>
        Show{' '}
        <select value={threshold < 0 ? 'custom' : String(threshold)} onChange={(e) => setLevels(THRESHOLDS[Number(e.currentTarget.value)].levels, boundaries)} data-testid="filter-level">
          {THRESHOLDS.map((t, i) => (
            <option key={t.label} value={i}>
              {t.label}
              {options ? ` (${t.levels.reduce((n, l) => n + options.levels[l], 0)})` : ''}
            </option>
          ))}
          {threshold < 0 && <option value="custom">Custom</option>}
        </select>
      </label>
      <MultiSelect
        label="Levels"
        allLabel="All levels"
        testId="filter-levels"
        allowEmpty={false}
        items={SEVERITIES.map((l) => ({ value: l, label: LEVEL_LABEL[l], count: options?.levels[l], icon: <LevelIcon level={l} /> }))}
        selected={severities}
        onChange={(sev) => setLevels(SEVERITIES.filter((l) => sev.includes(l)), boundaries)}
      />
      <label title="Start, Stop, Transfer, Suspend and Resume traces">
        <input type="checkbox" checked={boundaries} onChange={(e) => setLevels(severities, e.currentTarget.checked)} data-testid="filter-boundaries" /> Activity boundaries
      </label>
      <button
        type="button"
        className={errorsAndWarnings ? 'toggle on' : 'toggle'}
        aria-pressed={errorsAndWarnings}
        title="Errors and warnings only (Ctrl+E)"
        onClick={() => setFilter({ levels: errorsAndWarnings ? ALL_LEVELS : ERRORS_AND_WARNINGS })}
        data-testid="filter-errors-warnings"
      >
        <LevelIcon level="warning" /> Errors &amp; warnings
      </button>
      <MultiSelect
        label="Sources"
        allLabel="All sources"
        testId="filter-sources"
        items={options?.sources.map((s) => ({ value: s.name, label: s.name, count: s.count })) ?? []}
        selected={filter.sources ?? []}
        onChange={(sources) => setFilter({ sources: sources.length ? sources : undefined })}
      />
      <MultiSelect
        label="Hosts"
        allLabel="All hosts"
        testId="filter-hosts"
        items={options?.hosts.map((h) => ({ value: h, label: h })) ?? []}
        selected={filter.hosts ?? []}
        onChange={(hosts) => setFilter({ hosts: hosts.length ? hosts : undefined })}
      />
      <MultiSelect
        label="Processes"
        allLabel="All processes"
        testId="filter-processes"
        items={options?.processes.map((p) => ({ value: p, label: p })) ?? []}
        selected={filter.processes ?? []}
        onChange={(processes) => setFilter({ processes: processes.length ? processes : undefined })}
      />
      <TimeBox label="From time" value={filter.fromUs} onChange={(fromUs) => setFilter({ fromUs })} placeholder={options?.firstUs ? formatTimeUs(options.firstUs).slice(0, 19) : 'YYYY-MM-DD hh:mm'} />
      <TimeBox label="To time" value={filter.toUs} onChange={(toUs) => setFilter({ toUs })} placeholder={options?.lastUs ? formatTimeUs(options.lastUs).slice(0, 19) : 'YYYY-MM-DD hh:mm'} />
      <QueryBox text={text} setText={setText} checked={checked} />
      <CustomFilterButton />
      <button type="button" onClick={clearFilter} title="Clear every filter" data-testid="filter-clear">
        Clear
      </button>
    </div>
  );
}
