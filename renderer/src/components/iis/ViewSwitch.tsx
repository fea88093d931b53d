import { formatTimeUs } from '../../../../shared/time';
import { selectRange, useIis, useSharedRange, type MainView } from '../../iisStore';

const VIEWS: { id: MainView; label: string; title: string }[] = [
  { id: 'traces', label: 'Traces', title: 'Service Trace Viewer: activities, messages, traces' },
  { id: 'iis', label: 'IIS', title: 'IIS triage: incident timeline, requests, 503 bursts, FREB' },
];

/** "01:51:10" or, across days, the date too. */
function shortTime(us: number, other: number): string {
  const a = formatTimeUs(us);
  return a.slice(0, 10) === formatTimeUs(other).slice(0, 10) ? a.slice(11, 19) + (us % 1_000_000 ? a.slice(19, 23) : '') : a.slice(0, 19);
}

/** The toolbar's top-level view switch, and the selected time range every view shares (with a clear button). */
export function ViewSwitch() {
  const view = useIis((s) => s.view);
  const setView = useIis((s) => s.setView);
  const range = useSharedRange();
  return (
    <>
      <div className="tabs view-switch" role="tablist" aria-label="View">
        {VIEWS.map((v) => (
          <button key={v.id} type="button" role="tab" aria-selected={view === v.id} className={view === v.id ? 'tab active' : 'tab'} title={v.title} onClick={() => setView(v.id)} data-testid={`view-${v.id}`}>
            {v.label}
          </button>
        ))}
      </div>
      {range && (
        <span className="range-chip" data-testid="shared-range" data-from={range.fromUs} data-to={range.toUs} title={`Every view shows only ${formatTimeUs(range.fromUs)} – ${formatTimeUs(range.toUs)} (UTC)`}>
          Window {shortTime(range.fromUs, range.toUs)} – {shortTime(range.toUs, range.fromUs)}
          <button type="button" className="icon" aria-label="Clear the time window" onClick={() => selectRange(undefined)} data-testid="shared-range-clear">
            ✕
          </button>
        </span>
      )}
    </>
  );
}
