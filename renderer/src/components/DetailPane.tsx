import { useEffect, useState } from 'react';
import type { DetailNode, RecordDetail } from '../../../shared/model';
import { getApi } from '../api';
import { openActivity } from '../openActivity';
import { useStore } from '../store';
import { fieldName, fieldValue } from '../format';
import { displayText } from '../safeText';
import { useCopy } from '../useCopy';
import { useView } from '../viewStore';
import { Highlight } from './Highlight';
import { XmlView } from './XmlView';
import { ActivityRequests } from './iis/ActivityRequests';

type Tab = 'formatted' | 'xml' | 'message' | 'raw';
const TAB_LABEL: Record<Tab, string> = { formatted: 'Formatted', xml: 'XML', message: 'Message', raw: 'Raw' };

const local = (name: string) => name.slice(name.indexOf(':') + 1);

function findNode(n: DetailNode | undefined, test: (n: DetailNode) => boolean): DetailNode | undefined {
  if (!n) return undefined;
  if (test(n)) return n;
  for (const c of n.children ?? []) {
    const hit = findNode(c, test);
    if (hit) return hit;
  }
  return undefined;
}

const childValue = (n: DetailNode, name: string) => n.children?.find((c) => local(c.name) === name)?.value;

/** The exception of a trace (type, message, stack trace, inner exceptions), as STV's Formatted tab shows it. */
function ExceptionView({ node, needle }: { node: DetailNode; needle?: string }) {
  const inner = node.children?.find((c) => local(c.name) === 'InnerException');
  return (
    <div className="exception" data-testid="exception">
      <div className="exception-type error-text">
        <Highlight text={childValue(node, 'ExceptionType') ?? 'Exception'} needle={needle} />
      </div>
      {childValue(node, 'Message') && (
        <div className="exception-message">
          <Highlight text={childValue(node, 'Message')!} needle={needle} />
        </div>
      )}
      {childValue(node, 'StackTrace') && (
        <pre className="code stack" data-testid="stack-trace">
          <Highlight text={childValue(node, 'StackTrace')!} needle={needle} />
        </pre>
      )}
      {inner && (
        <div className="inner-exception">
          <div className="muted small">Inner exception</div>
          <ExceptionView node={inner} needle={needle} />
        </div>
      )}
    </div>
  );
}

/** A field tree (application data) as nested disclosure lists. */
function TreeView({ node, needle, depth = 0 }: { node: DetailNode; needle?: string; depth?: number }) {
  if (!node.children?.length)
    return (
      <div className="tree-leaf">
        <span className="tree-name">{displayText(local(node.name))}</span>
        {node.value !== undefined && (
          <>
            {' '}
            <span className="tree-value">
              <Highlight text={node.value} needle={needle} />
            </span>
          </>
        )}
      </div>
    );
  return (
    <details open={depth < 3} className="tree-node">
      <summary>
        <span className="tree-name">{displayText(local(node.name))}</span>
      </summary>
      {node.children.map((c, i) => (
        <TreeView key={i} node={c} needle={needle} depth={depth + 1} />
      ))}
    </details>
  );
}

/** An event-log record's ActivityID: a button to the WCF activity with the same id, when one is loaded. */
function ActivityLink({ activityId }: { activityId: string }) {
  const [found, setFound] = useState<{ name: string; traces: number; first: { fileId: string; index: number } } | null>(null);
  const notify = useStore((s) => s.notify);
  const dataVersion = useStore((s) => s.recordsVersion);
  useEffect(() => {
    let live = true;
    getApi()
      .call('svclog.activityById', { activityId })
      .then((r) => live && setFound(r.found))
      .catch(() => live && setFound(null));
    return () => {
      live = false;
    };
  }, [activityId, dataVersion]);
  if (!found) return null;
  return (
    <button type="button" data-testid="open-wcf-activity" title={`${found.traces} traces`} onClick={() => void openActivity(found.first).catch((e: unknown) => notify(e instanceof Error ? e.message : String(e)))}>
      Open WCF activity{found.name ? ` “${displayText(found.name)}”` : ''}
    </button>
  );
}

function Formatted({ detail, needle }: { detail: RecordDetail; needle?: string }) {
  const exception = findNode(detail.tree, (n) => local(n.name) === 'Exception' && !!n.children?.some((c) => local(c.name) === 'ExceptionType'));
  const appData = findNode(detail.tree, (n) => local(n.name) === 'ApplicationData');
  return (
    <>
      <table className="fields">
        <tbody>
          {detail.fields.map((f, i) => (
            <tr key={i}>
              <th>{displayText(fieldName(f))}</th>
              <td>
                <Highlight text={fieldValue(f)} needle={needle} />
                {(f.name === 'Activity ID' || f.name === 'Related activity ID') && (
                  <>
                    {' '}
                    <ActivityLink activityId={f.value} />
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {exception && (
        <section className="detail-section">
          <h3>Exception</h3>
          <ExceptionView node={exception} needle={needle} />
        </section>
      )}
      {appData && (appData.children?.length || appData.value) && (
        <section className="detail-section" data-testid="app-data">
          <h3>Application data</h3>
          <TreeView node={appData} needle={needle} />
        </section>
      )}
    </>
  );
}

/** The current trace, read from its file on demand. Log content is shown as text, never as HTML. */
export function DetailPane() {
  const current = useView((s) => s.current);
  const needle = useView((s) => (s.find.open ? s.find.text : ''));
  const [detail, setDetail] = useState<RecordDetail | undefined>();
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
      .then((d) => live && setDetail(d))
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
  return (
    <section className="detail-pane" aria-label="Detail" data-testid="detail" data-file={detail.fileId} data-index={detail.index}>
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
