import { useState } from 'react';
import { requestFilter, useSharedFilter, useIis, useSharedRange } from '../../iisStore';
import { ms } from './format';
import { useIisCall } from './useIisData';
import { formatCount } from '../../format';

type By = 'count' | 'errors' | 'p95';

/** URI stems ranked by requests, errors or p95 time-taken, in the shared window; a click filters the table to the stem. */
export function TopUris() {
  const [by, setBy] = useState<By>('count');
  const filter = useIis((s) => s.filter);
  const setFilter = useIis((s) => s.setFilter);
  const range = useSharedRange();
  const f = requestFilter({ ...filter, stem: undefined }, range, useSharedFilter());
  const req = { filter: f, by, limit: 50 };
  const { value } = useIisCall('iis.topUris', req, JSON.stringify(req));
  const rows = value?.rows ?? [];
  const head = (id: By, label: string) => (
    <th className={`num sortable${by === id ? ' sorted' : ''}`} onClick={() => setBy(id)} data-testid={`top-uri-by-${id}`}>
      {label}
      {by === id ? ' ▼' : ''}
    </th>
  );
  return (
    <section className="iis-box" data-testid="top-uris">
      <h3>Top URIs</h3>
      <table className="mini top-uris">
        <thead>
          <tr>
            <th>URI stem</th>
            {head('count', 'Requests')}
            {head('errors', 'Errors')}
            <th className="num">p50</th>
            {head('p95', 'p95')}
            <th className="num">p99 ms</th>
          </tr>
        </thead>
        <tbody>
          {/* Keyed by rank: as a followed log grows, URIs with close counts swap ranks on most updates; a row per rank changes its text, where a row per URI was moved (removed and laid out again). */}
          {rows.map((u, rank) => (
            <tr
              key={rank}
              className={filter.stem === u.stem ? 'selected' : ''}
              data-testid="top-uri-row"
              data-stem={u.stem}
              data-count={u.count}
              title={filter.stem === u.stem ? 'Click again to show every URI' : `Show only ${u.stem} in the table and the chart`}
              onClick={() => setFilter({ stem: filter.stem === u.stem ? undefined : u.stem })}
            >
              <td className="stem">{u.stem}</td>
              <td className="num">{formatCount(u.count)}</td>
              <td className={`num${u.serverErrors ? ' error-text' : u.errors ? ' warn-text' : ''}`}>{formatCount(u.errors)}</td>
              <td className="num">{ms(u.p50)}</td>
              <td className="num">{ms(u.p95)}</td>
              <td className="num">{ms(u.p99)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
