import { formatDurationUs } from '../../../../shared/time';
import { selectRange, useIis, useSharedRange } from '../../iisStore';
import { dayTime, fullTime } from './format';
import { useIisCall } from './useIisData';
import { formatCount } from '../../format';

/** IIS logs a request when it ends, with whole seconds: a burst's last second runs to its end. */
const LAST_SECOND_US = 1_000_000;

/** The 503 bursts: a click makes the burst the shared window (and zooms the chart to it). */
export function BurstList() {
  const { value } = useIisCall('iis.bursts', { limit: 500 }, 'bursts');
  const setZoom = useIis((s) => s.setZoom);
  const range = useSharedRange();
  const rows = value?.rows ?? [];
  return (
    <section className="iis-box" data-testid="burst-list" data-total={value?.total ?? ''}>
      <h3>
        503 bursts <span className="muted">{value ? value.total : '…'}</span>
      </h3>
      {value && rows.length === 0 && <p className="muted small">No 503 response.</p>}
      <table className="mini">
        {rows.length > 0 && (
          <thead>
            <tr>
              <th>Start</th>
              <th>End</th>
              <th className="num">Count</th>
              <th>Substatus</th>
              <th>Servers</th>
            </tr>
          </thead>
        )}
        <tbody>
          {rows.map((b, i) => {
            const win = { fromUs: b.startUs, toUs: b.endUs + LAST_SECOND_US };
            const active = range?.fromUs === win.fromUs && range.toUs === win.toUs;
            return (
              <tr
                key={i}
                className={active ? 'selected' : ''}
                data-testid="burst-row"
                data-count={b.count}
                data-from={win.fromUs}
                data-to={win.toUs}
                title={`${fullTime(b.startUs)} – ${fullTime(b.endUs)} (${formatDurationUs(win.toUs - win.fromUs)}): click to show only this window`}
                onClick={() => {
                  selectRange(win);
                  const pad = Math.max(30_000_000, (win.toUs - win.fromUs) * 2);
                  setZoom({ fromUs: win.fromUs - pad, toUs: win.toUs + pad });
                }}
              >
                <td>{dayTime(b.startUs).slice(0, 19)}</td>
                <td>{dayTime(b.endUs).slice(0, 19)}</td>
                <td className="num">{formatCount(b.count)}</td>
                <td>
                  {Object.entries(b.substatus)
                    .map(([s, n]) => `503${s ? `.${s}` : ''}×${n}`)
                    .join(' ')}
                </td>
                <td>{b.servers.join(', ')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {value && value.total > rows.length && <p className="muted small">…and {value.total - rows.length} more.</p>}
    </section>
  );
}
