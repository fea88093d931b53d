import { formatDurationUs } from '../../../../shared/time';
import { useIis } from '../../iisStore';
import { openActivity } from '../../openActivity';
import { useStore } from '../../store';
import { fullTime, statusLabel } from './format';
import { useIisCall } from './useIisData';

/** One request: its log line, the WCF activities that may have served it (with why), and its FREB trace. */
export function RequestDetail({ fileId, row }: { fileId: string; row: number }) {
  const { value: d, error } = useIisCall('iis.request', { fileId, row }, `${fileId}:${row}`);
  const openFreb = useIis((s) => s.openFreb);
  const notify = useStore((s) => s.notify);
  if (error) return <p className="error-text">{error}</p>;
  if (!d) return <p className="muted">Loading…</p>;
  const r = d.request;
  return (
    <div className="request-detail" data-testid="request-detail">
      <h3>
        {r.method} {r.stem} → {statusLabel(r.status, r.substatus)}
        <span className="muted"> {fullTime(r.timeUs)} · {r.server} · {r.timeTaken ?? '?'} ms</span>
      </h3>
      <div className="detail-cols">
        <dl className="fields" data-testid="request-fields">
          {d.fields.map((f, i) => (
            <div key={i}>
              <dt>{f.name}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
        </dl>
        <div className="links">
          <h4>
            WCF activities <span className="muted">{d.candidates.length} of {d.candidatesConsidered} considered</span>
          </h4>
          {d.candidatesConsidered === 0 && <p className="muted small">Load the service's .svclog traces to see the activities that served this request.</p>}
          {d.candidatesConsidered > 0 && d.candidates.length === 0 && <p className="muted small">No activity on {r.server} with an address matching {r.stem} ran during this request.</p>}
          <ul className="candidates">
            {d.candidates.map((c, i) => (
              <li key={i} data-testid="wcf-candidate" data-activity-id={c.activityId}>
                <button type="button" disabled={!c.first} onClick={() => c.first && void openActivity(c.first).catch((e: unknown) => notify(e instanceof Error ? e.message : String(e)))} data-testid="open-activity">
                  Open in Traces
                </button>{' '}
                <strong>{c.name || `{${c.activityId}}`}</strong> <span className="muted">on {c.computer}, {formatDurationUs(c.endUs - c.startUs)}</span>
                <div className="reason small">{c.reason}</div>
              </li>
            ))}
          </ul>
          <h4>FREB trace</h4>
          {d.frebs.length === 0 && <p className="muted small">No loaded FREB file matches this request.</p>}
          <ul className="candidates">
            {d.frebs.map((f) => (
              <li key={f.fileId} data-testid="request-freb">
                <button type="button" onClick={() => openFreb(f.fileId)}>
                  Open {f.name}
                </button>
                <div className="reason small">{f.reason}</div>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
