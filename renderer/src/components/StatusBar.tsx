import { formatBytes, formatCount } from '../format';
import { useStore } from '../store';
import { FilterSummary } from './FilterSummary';

/** Bottom bar: overall load and upload progress with Cancel, or a ready line. */
export function StatusBar() {
  const files = useStore((s) => s.files);
  const progress = useStore((s) => s.progress);
  const uploads = Object.values(useStore((s) => s.uploads));
  const cancelAll = useStore((s) => s.cancelAll);
  const loading = files.filter((f) => f.state === 'loading' || f.state === 'queued');
  const busy = loading.length > 0 || uploads.length > 0;

  let done = 0;
  let total = 0;
  let records = 0;
  for (const f of loading) {
    const p = progress[f.id];
    done += p?.bytesRead ?? 0;
    total += p?.totalBytes || f.size;
    records += p?.records ?? 0;
  }
  for (const u of uploads) {
    done += u.sent;
    total += u.total;
  }
  const pct = total > 0 ? Math.min(100, (100 * done) / total) : 0;
  const label = uploads.length
    ? `Sending ${uploads.map((u) => u.name).join(', ')} to the host…`
    : `Loading ${loading.map((f) => f.name).join(', ')}: ${formatBytes(done)} of ${formatBytes(total)}, ${formatCount(records)} records`;

  return (
    <footer className="status-bar" data-testid="status-bar">
      {busy ? (
        <>
          <progress max={100} value={pct} data-testid="load-progress" aria-label="Loading progress" />
          <span className="status-text">{label}</span>
          <button type="button" onClick={cancelAll} data-testid="cancel-load">
            Cancel
          </button>
        </>
      ) : (
        <>
          <span className="status-text muted">
            {files.length === 0 ? 'Ready. Drop .svclog traces or IIS logs here.' : `${files.filter((f) => f.state === 'loaded').length} of ${files.length} files loaded.`}
          </span>
          <FilterSummary />
        </>
      )}
    </footer>
  );
}
