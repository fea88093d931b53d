import { useIis } from '../../iisStore';
import { fullTime, statusLabel } from './format';
import { useIisCall } from './useIisData';

/**
 * In the Traces view's detail: the IIS requests the current trace's activity served (the reverse
 * of a request's WCF candidates), with why, and their FREB traces. Hidden when there are none.
 */
export function ActivityRequests({ fileId, index }: { fileId: string; index: number }) {
  const { value: r } = useIisCall('iis.activityRequests', { fileId, index }, `${fileId}:${index}`);
  const select = useIis((s) => s.select);
  const setView = useIis((s) => s.setView);
  const openFreb = useIis((s) => s.openFreb);
  if (!r || (r.requests.length === 0 && r.frebs.length === 0)) return null;
  return (
    <section className="detail-section activity-requests" data-testid="activity-requests">
      <h3>IIS requests of this activity</h3>
      <ul className="candidates">
        {r.requests.map((q) => (
          <li key={`${q.fileId}:${q.row}`} data-testid="activity-request">
            <button
              type="button"
              onClick={() => {
                select({ fileId: q.fileId, row: q.row });
                setView('iis');
              }}
              data-testid="open-request"
            >
              Open in IIS
            </button>{' '}
            <strong>
              {q.method} {q.stem} → {statusLabel(q.status, q.substatus)}
            </strong>{' '}
            <span className="muted">
              {fullTime(q.timeUs)} · {q.server} · {q.timeTaken ?? '?'} ms · {q.file}
            </span>
            <div className="reason small">{q.reason}</div>
          </li>
        ))}
        {r.frebs.map((f) => (
          <li key={f.fileId} data-testid="activity-freb">
            <button
              type="button"
              onClick={() => {
                setView('iis');
                openFreb(f.fileId);
              }}
            >
              Open {f.name}
            </button>
            <div className="reason small">{f.reason}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
