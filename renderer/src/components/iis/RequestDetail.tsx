import { useState } from 'react';
import { formatDurationUs } from '../../../../shared/time';
import { useIis } from '../../iisStore';
import { openActivity } from '../../openActivity';
import { useStore } from '../../store';
import { fieldName, fieldValue } from '../../format';
import { fullTime, statusLabel } from './format';
import { useIisCall } from './useIisData';
import type { WcfCandidate } from '../../../../shared/channels/iis';
import { CaptureNextTime } from './CaptureNextTime';

/** Linked activities, best evidence first, each with why and a way into the Traces view. */
function ActivityLinks({ list, testId }: { list: WcfCandidate[]; testId: string }) {
  const notify = useStore((s) => s.notify);
  return (
    <ul className="candidates">
      {list.map((c, i) => (
        <li key={i} data-testid={testId} data-activity-id={c.activityId}>
          <button type="button" disabled={!c.first} onClick={() => c.first && void openActivity(c.first).catch((e: unknown) => notify(e instanceof Error ? e.message : String(e)))} data-testid="open-activity">
            Open in Traces
          </button>{' '}
          <strong>{c.name || `{${c.activityId}}`}</strong> <span className="muted">on {c.computer}, {formatDurationUs(c.endUs - c.startUs)}</span>
          <div className="reason small">{c.reason}</div>
        </li>
      ))}
    </ul>
  );
}

/** One request: its log line, the WCF activities that may have served it (with why), and its FREB trace. */
export function RequestDetail({ fileId, row }: { fileId: string; row: number }) {
  const { value: d, error } = useIisCall('iis.request', { fileId, row }, `${fileId}:${row}`);
  const openFreb = useIis((s) => s.openFreb);
  const [capture, setCapture] = useState<string | undefined>();
  if (error) return <p className="error-text">{error}</p>;
  if (!d) return <p className="muted">Loading…</p>;
  const r = d.request;
  return (
    <div className="request-detail" data-testid="request-detail">
      <h3>
        {r.method} {r.stem} → {statusLabel(r.status, r.substatus)}
        <span className="muted">
          {' '}
          {fullTime(r.timeUs)}
          {r.offsetMs !== 0 && ` (clock-adjusted by ${r.offsetMs} ms)`} · {r.server} · {r.timeTaken ?? '?'} ms
        </span>{' '}
        {(r.status ?? 0) >= 500 || (r.timeTaken ?? 0) >= 5000 ? (
          <button type="button" onClick={() => setCapture(capture === `${fileId}:${row}` ? undefined : `${fileId}:${row}`)} data-testid="capture-button" title="Generate the IIS configuration that writes a failed request trace and a memory dump next time">
            Capture next time
          </button>
        ) : null}
      </h3>
      {capture === `${fileId}:${row}` && <CaptureNextTime fileId={fileId} row={row} onClose={() => setCapture(undefined)} />}
      <div className="detail-cols">
        <dl className="fields" data-testid="request-fields">
          {d.fields.map((f, i) => (
            <div key={i}>
              <dt>{fieldName(f)}</dt>
              <dd>{fieldValue(f)}</dd>
            </div>
          ))}
        </dl>
        <div className="links">
          <h4>
            WCF activities <span className="muted">{d.candidates.length} of {d.candidatesConsidered} considered</span>
          </h4>
          {d.serviceNote && (
            <p className="service-note small" data-testid="service-note">
              {d.serviceNote}
            </p>
          )}
          {d.candidatesConsidered === 0 && <p className="muted small">Load the service's .svclog traces to see the activities that served this request.</p>}
          {d.candidatesConsidered > 0 && d.candidates.length === 0 && !d.serviceNote && (
            <p className="muted small">No activity on {r.server} (or a name joined to it in Machines) with an address matching {r.stem} ran during this request.</p>
          )}
          <ActivityLinks list={d.candidates} testId="wcf-candidate" />
          {d.serviceNote && (
            <>
              <h4>
                Client activities that failed then <span className="muted">{d.clientFailures.length}</span>
              </h4>
              {d.clientFailures.length === 0 && <p className="muted small">No client trace with a failure calling {r.stem} at that moment is loaded.</p>}
              <ActivityLinks list={d.clientFailures} testId="client-failure" />
            </>
          )}
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
