import { useEffect, useState } from 'react';
import type { RecordDetail } from '../../../shared/model';
import { getApi } from '../api';
import { useStore } from '../store';
import { displayText } from '../safeText';
import { useCopy } from '../useCopy';
import { useView } from '../viewStore';
import { Formatted } from './FormattedView';
import { Highlight } from './Highlight';
import { XmlView } from './XmlView';
import { ActivityRequests } from './iis/ActivityRequests';

type Tab = 'formatted' | 'xml' | 'message' | 'raw';
const TAB_LABEL: Record<Tab, string> = { formatted: 'Formatted', xml: 'XML', message: 'Message', raw: 'Raw' };

/** The current trace, read from its file on demand. Log content is shown as text, never as HTML. */
export function DetailPane() {
  const current = useView((s) => s.current);
  const needle = useView((s) => (s.find.open ? s.find.text : ''));
  const [detail, setDetail] = useState<RecordDetail | undefined>();
  // Which selection the detail shown was read for (a format may name its record differently).
  const [readFor, setReadFor] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [tab, setTab] = useState<Tab>('formatted');
  const [copied, copy] = useCopy();
  const isSvclog = useStore((s) => s.files.some((f) => f.id === current?.fileId && f.format === 'svclog'));

  useEffect(() => {
    setError(undefined);
    if (!current) return setDetail(undefined);
    let live = true;
    getApi()
      .call('records.detail', { fileId: current.fileId, index: current.index })
      .then((d) => {
        if (!live) return;
        setDetail(d);
        setReadFor(`${current.fileId}:${current.index}`);
      })
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [current?.fileId, current?.index]);

  if (!current) return <section className="detail-pane muted centered">Select a trace to see its detail.</section>;
  if (error) return <section className="detail-pane error-text">{error}</section>;
  if (!detail) return <section className="detail-pane muted">Reading…</section>;
  const tabs: Tab[] = ['formatted', ...(detail.xml ? (['xml'] as const) : []), ...(detail.message ? (['message'] as const) : []), 'raw'];
  const shown = tabs.includes(tab) ? tab : 'formatted';
  // Until the newly selected trace is read, the last one stays (no flicker) but dimmed and marked busy.
  const stale = readFor !== `${current.fileId}:${current.index}`;
  return (
    <section
      className={stale ? 'detail-pane stale' : 'detail-pane'}
      aria-label="Detail"
      aria-busy={stale}
      data-testid="detail"
      data-file={detail.fileId}
      data-index={detail.index}
    >
      <div className="tabs">
        {tabs.map((t) => (
          <button key={t} type="button" className={t === shown ? 'tab active' : 'tab'} onClick={() => setTab(t)} data-testid={`detail-tab-${t}`}>
            {TAB_LABEL[t]}
          </button>
        ))}
        <strong className="detail-title" title={displayText(detail.title)}>
          {displayText(detail.title)}
        </strong>
        <span className="spacer" />
        {copied && <span className="muted small">{copied}</span>}
        {(shown === 'xml' || shown === 'message') && (
          <button type="button" className="tab" onClick={() => copy('XML copied', shown === 'xml' ? detail.xml : detail.message)}>
            Copy XML
          </button>
        )}
        <button type="button" className="tab" title="Copy the trace exactly as in the file" onClick={() => copy('Raw trace copied', detail.raw)} data-testid="copy-raw">
          Copy raw
        </button>
      </div>
      <div className="detail-body" data-testid={`detail-body-${shown}`}>
        {shown === 'formatted' && isSvclog && <ActivityRequests fileId={detail.fileId} index={detail.index} />}
        {shown === 'formatted' && <Formatted detail={detail} needle={needle} />}
        {shown === 'xml' && <XmlView xml={detail.xml ?? ''} needle={needle} testId="detail-xml" />}
        {shown === 'message' && <XmlView xml={detail.message ?? ''} needle={needle} testId="detail-message" />}
        {shown === 'raw' && (
          <pre className="code">
            <Highlight text={detail.raw} needle={needle} />
          </pre>
        )}
      </div>
    </section>
  );
}
