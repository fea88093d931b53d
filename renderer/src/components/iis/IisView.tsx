import { useMemo } from 'react';
import { useIis } from '../../iisStore';
import { BurstList } from './BurstList';
import { FrebView } from './FrebView';
import { IisFilterBar } from './IisFilterBar';
import { RequestDetail } from './RequestDetail';
import { RequestTable } from './RequestTable';
import { Timeline } from './Timeline';
import { TopUris } from './TopUris';
import { useIisCall } from './useIisData';
import './iis.css';

/**
 * The IIS triage view: filters, the incident timeline, the request table with the selected
 * request's drill-down (or a FREB view) under it, and beside them the 503 bursts, top URIs and
 * FREB files. Every number comes from the main side as an aggregate or a page.
 */
export function IisView() {
  const { value: overview } = useIisCall('iis.overview', {}, 'overview');
  const selected = useIis((s) => s.selected);
  const freb = useIis((s) => s.freb);
  const openFreb = useIis((s) => s.openFreb);
  const full = useMemo(() => (overview?.fromUs != null && overview.toUs != null ? { fromUs: overview.fromUs, toUs: overview.toUs } : undefined), [overview?.fromUs, overview?.toUs]);
  const empty = overview && overview.requests + overview.httperr === 0 && overview.frebs.length === 0;
  return (
    <div className="iis-view" data-testid="iis-view">
      <IisFilterBar overview={overview} />
      {empty ? (
        <p className="muted empty" data-testid="iis-empty">
          No IIS log, HTTPERR log or FREB file is loaded. Open them (with the service's .svclog traces) to triage an incident here.
        </p>
      ) : (
        <>
          <Timeline full={full} />
          <div className="iis-lower">
            <div className="iis-main">
              <div className="iis-table-area">
                <RequestTable />
              </div>
              {(freb || selected) && <div className="iis-detail">{freb ? <FrebView fileId={freb} /> : selected && <RequestDetail fileId={selected.fileId} row={selected.row} />}</div>}
            </div>
            <aside className="iis-side">
              <BurstList />
              <TopUris />
              {overview && overview.frebs.length > 0 && (
                <section className="iis-box" data-testid="freb-list">
                  <h3>
                    FREB traces <span className="muted">{overview.frebs.length}</span>
                  </h3>
                  <ul className="freb-files">
                    {overview.frebs.map((f) => (
                      <li key={f.fileId} className={freb === f.fileId ? 'selected' : ''} data-testid="freb-item" onClick={() => openFreb(f.fileId)} title={f.name}>
                        <span className="status">{f.status}</span> {f.url}
                      </li>
                    ))}
                  </ul>
                </section>
              )}
            </aside>
          </div>
        </>
      )}
    </div>
  );
}
