import { formatDurationUs } from '../../../../shared/time';
import { useIis } from '../../iisStore';
import { fullTime, timeOfDay } from './format';
import { useIisCall } from './useIisData';
import { formatCount } from '../../format';

const LEVEL = ['', 'Critical', 'Error', 'Warning', 'Info', 'Verbose'];

/** One failed request as FREB traced it: what failed, the event list, and where the time went. */
export function FrebView({ fileId }: { fileId: string }) {
  const { value: v, error } = useIisCall('iis.freb', { fileId }, fileId);
  const openFreb = useIis((s) => s.openFreb);
  const select = useIis((s) => s.select);
  if (error) return <p className="error-text">{error}</p>;
  if (!v) return <p className="muted">Loading…</p>;
  return (
    <div className="freb-view" data-testid="freb-view">
      <h3>
        FREB: <span data-testid="freb-status">{v.status}</span> {v.verb} <span data-testid="freb-url">{v.url}</span>
        <button type="button" className="icon" aria-label="Close the FREB view" onClick={() => openFreb(undefined)}>
          ✕
        </button>
      </h3>
      <dl className="freb-summary">
        <div>
          <dt>Failure reason</dt>
          <dd data-testid="freb-reason">{v.failureReason}</dd>
        </div>
        <div>
          <dt>Time taken</dt>
          <dd>{v.timeTaken} ms</dd>
        </div>
        <div>
          <dt>File</dt>
          <dd>{v.name}</dd>
        </div>
        <div>
          <dt>Events</dt>
          <dd>{formatCount(v.totalEvents)}</dd>
        </div>
      </dl>
      {v.requests.length > 0 && (
        <p className="small">
          In the IIS log:{' '}
          {v.requests.slice(0, 3).map((r) => (
            <button key={`${r.fileId}:${r.row}`} type="button" title={r.reason} onClick={() => select({ fileId: r.fileId, row: r.row })}>
              request at line {r.row + 1}
            </button>
          ))}
        </p>
      )}
      <h4>Slowest steps</h4>
      {v.slowest.length === 0 && <p className="muted small">No step took measurable time.</p>}
      <table className="mini" data-testid="freb-slowest">
        <tbody>
          {v.slowest.map((s) => (
            <tr key={s.index}>
              <td className="num">{formatDurationUs(s.durationUs)}</td>
              <td>#{s.index + 1}</td>
              <td>{s.name}</td>
              <td className="muted">{s.provider}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>Events</h4>
      <div className="freb-events">
        <table className="mini" data-testid="freb-events">
          <thead>
            <tr>
              <th>#</th>
              <th>Time</th>
              <th>Provider</th>
              <th>Event</th>
              <th>Data</th>
            </tr>
          </thead>
          <tbody>
            {v.events.map((e) => (
              <tr key={e.index} className={e.level > 0 && e.level <= 2 ? 'st-5xx' : e.level === 3 ? 'st-4xx' : ''} data-testid="freb-event" title={LEVEL[e.level] ?? ''}>
                <td className="num">{e.index + 1}</td>
                <td title={fullTime(e.timeUs)}>{timeOfDay(e.timeUs)}</td>
                <td>{e.provider}</td>
                <td>{e.name}</td>
                <td className="data">{e.data.map((d) => `${d.name}=${d.value}`).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {v.totalEvents > v.events.length && <p className="muted small">First {v.events.length} of {v.totalEvents} events.</p>}
      </div>
    </div>
  );
}
