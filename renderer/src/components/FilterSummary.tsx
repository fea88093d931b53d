import { useEffect } from 'react';
import { filterPartCount } from '../../../shared/query/filter-parts';
import { getApi } from '../api';
import { formatCount } from '../format';
import { useStore } from '../store';
import { effectiveFilter, useView } from '../viewStore';

/** Clears every part of the filter (levels, sources, hosts, processes, time, query, custom filters). */
export function clearFilter(): void {
  useView.getState().setFilter({ levels: undefined, sources: undefined, processes: undefined, hosts: undefined, fromUs: undefined, toUs: undefined, text: undefined, custom: undefined });
}

/**
 * The status bar's filter part: how much the filter hides ("showing 41 of 209 activities;
 * 3 filters; Clear"), what it could not judge, and a custom filter's scan with Cancel. The counts
 * come from the main side (filter.status), which evaluates the same filter as every view.
 */
export function FilterSummary() {
  const filter = useView((s) => s.filter);
  const dataVersion = useView((s) => s.dataVersion);
  const status = useView((s) => s.filterStatus);
  const scan = useView((s) => s.scan);
  const leftTab = useView((s) => s.leftTab);
  const f = effectiveFilter(filter);
  const key = JSON.stringify(f ?? null);

  useEffect(() => getApi().on('filter.progress', (p) => useView.setState({ scan: p.done < p.total ? p : undefined })), []);
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      getApi()
        .call('filter.status', { filter: f })
        .then((s) => live && useView.setState({ filterStatus: s, scan: undefined }))
        .catch((e: unknown) => {
          if (!live) return;
          useView.setState({ scan: undefined });
          // A cancelled scan takes its custom filters off: the views would otherwise wait on them.
          if (f?.custom?.length && e instanceof Error && /cancelled/i.test(e.message)) useView.getState().setFilter({ custom: undefined });
          useStore.getState().notify(e instanceof Error ? e.message : String(e));
        });
    }, 80);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [key, dataVersion]);

  const parts = filterPartCount(f);
  if (scan) {
    return (
      <span className="filter-summary" data-testid="filter-scan">
        <progress max={scan.total} value={scan.done} aria-label="Custom filter scan" /> Custom filter “{scan.name}”: {formatCount(scan.done)} of {formatCount(scan.total)} traces scanned, {formatCount(scan.matches)} matching so far{' '}
        <button type="button" onClick={() => void getApi().call('filter.cancel', {})} data-testid="filter-scan-cancel">
          Cancel
        </button>
      </span>
    );
  }
  if (!status || status.totalRecords === 0) return null;
  const shown =
    leftTab === 'records' || status.totalTraces === 0
      ? `showing ${formatCount(status.records)} of ${formatCount(status.totalRecords)} records`
      : `showing ${formatCount(status.activities)} of ${formatCount(status.totalActivities)} activities (${formatCount(status.traces)} of ${formatCount(status.totalTraces)} traces)`;
  return (
    <span className={`filter-summary${parts ? ' filtered' : ''}`} data-testid="filter-summary">
      {shown}
      {parts > 0 && (
        <>
          ; {parts} {parts === 1 ? 'filter' : 'filters'};{' '}
          <button type="button" className="link" onClick={clearFilter} data-testid="status-clear-filter">
            Clear
          </button>
        </>
      )}
      {status.notes.map((n) => (
        <span key={n} className="filter-note" title={n} data-testid="filter-note">
          {' '}
          ⚠ {n}
        </span>
      ))}
    </span>
  );
}
