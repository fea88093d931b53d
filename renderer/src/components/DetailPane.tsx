import { useEffect, useState } from 'react';
import type { RecordDetail } from '../../../shared/model';
import { getApi } from '../api';
import { useStore } from '../store';

type Tab = 'fields' | 'xml' | 'raw';

/** The selected record, read from its file on demand. Log content is shown as text, never as HTML. */
export function DetailPane() {
  const selection = useStore((s) => s.selection);
  const [detail, setDetail] = useState<RecordDetail | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [tab, setTab] = useState<Tab>('fields');

  useEffect(() => {
    setDetail(undefined);
    setError(undefined);
    if (!selection) return;
    let live = true;
    getApi()
      .call('records.detail', { fileId: selection.fileId, index: selection.index })
      .then((d) => live && setDetail(d))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [selection?.fileId, selection?.index]);

  if (!selection) return <section className="detail-pane muted centered">Select a record to see its detail.</section>;
  if (error) return <section className="detail-pane error-text">{error}</section>;
  if (!detail) return <section className="detail-pane muted">Reading…</section>;
  const tabs: Tab[] = detail.xml ? ['fields', 'xml', 'raw'] : ['fields', 'raw'];
  const current = tabs.includes(tab) ? tab : 'fields';
  return (
    <section className="detail-pane" aria-label="Detail" data-testid="detail">
      <div className="tabs">
        <strong className="detail-title">{detail.title}</strong>
        {tabs.map((t) => (
          <button key={t} type="button" className={t === current ? 'tab active' : 'tab'} onClick={() => setTab(t)}>
            {t === 'fields' ? 'Formatted' : t === 'xml' ? 'XML' : 'Raw'}
          </button>
        ))}
        <button type="button" className="tab" title="Copy the raw record" onClick={() => void navigator.clipboard?.writeText(detail.raw)}>
          Copy
        </button>
      </div>
      <div className="detail-body">
        {current === 'fields' && (
          <table className="fields">
            <tbody>
              {detail.fields.map((f, i) => (
                <tr key={i}>
                  <th>{f.name}</th>
                  <td>{f.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {current === 'xml' && <pre className="code">{detail.xml}</pre>}
        {current === 'raw' && <pre className="code">{detail.raw}</pre>}
      </div>
    </section>
  );
}
