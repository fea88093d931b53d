/**
 * The detail pane's Formatted tab, as Service Trace Viewer lays it out: basic information (the
 * record's fields and its trace identifier), the diagnostics information XmlWriterTraceListener
 * wrote when traceOutputOptions asked for it (the <System.Diagnostics> block: logical operation
 * stack, Stopwatch timestamp, call stack; with the process, thread and time), the exception and
 * the application data. Each part folds; STV's "show basic / diagnostics information" options
 * hide the first two and are kept in the settings. Everything is text, never HTML.
 */
import { useEffect, useState } from 'react';
import type { DetailNode, RecordDetail } from '../../../shared/model';
import { getApi } from '../api';
import { fieldName, fieldValue } from '../format';
import { openActivity } from '../openActivity';
import { displayText } from '../safeText';
import { useStore } from '../store';
import { useFormattedOptions } from '../formattedOptions';
import { Highlight } from './Highlight';

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

/** A part of the Formatted tab that folds (open at first). */
function Part({ title, testId, children }: { title: string; testId: string; children: React.ReactNode }) {
  return (
    <details open className="detail-section" data-testid={testId}>
      <summary>
        <h3>{title}</h3>
      </summary>
      {children}
    </details>
  );
}

/** The <System.Diagnostics> block of an XmlWriterTraceListener trace (any namespace prefix). */
const diagnosticsOf = (tree: DetailNode | undefined) => findNode(tree, (n) => local(n.name) === 'System.Diagnostics');

function Diagnostics({ detail, block, needle }: { detail: RecordDetail; block: DetailNode | undefined; needle?: string }) {
  const ops = block?.children?.find((c) => local(c.name) === 'LogicalOperationStack')?.children?.filter((c) => local(c.name) === 'LogicalOperation') ?? [];
  const stamp = block && childValue(block, 'Timestamp');
  const stack = block && childValue(block, 'Callstack');
  const field = (name: string) => detail.fields.find((f) => f.name === name);
  const rows = (['Time', 'Process', 'Thread'] as const).map(field).filter((f) => f !== undefined);
  return (
    <Part title="Diagnostics information" testId="formatted-diagnostics">
      <table className="fields">
        <tbody>
          {rows.map((f) => (
            <tr key={f.name}>
              <th>{displayText(fieldName(f))}</th>
              <td>{fieldValue(f)}</td>
            </tr>
          ))}
          {stamp && (
            <tr>
              <th>Timestamp</th>
              <td title="Stopwatch ticks when the trace was written (TraceOutputOptions.Timestamp)" data-testid="diagnostics-timestamp">
                {displayText(stamp)}
              </td>
            </tr>
          )}
          {ops.length > 0 && (
            <tr>
              <th>Logical operation stack</th>
              <td>
                <ol className="logical-operations" data-testid="logical-operations">
                  {ops.map((o, i) => (
                    <li key={i}>
                      <Highlight text={o.value ?? ''} needle={needle} />
                    </li>
                  ))}
                </ol>
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {stack && (
        <>
          <div className="muted small">Call stack</div>
          <pre className="code stack" data-testid="call-stack">
            <Highlight text={stack} needle={needle} />
          </pre>
        </>
      )}
      {!block && <div className="muted small">This trace has no diagnostics block (the listener's traceOutputOptions did not ask for a call stack or logical operation stack).</div>}
    </Part>
  );
}

/** The application data without the diagnostics block (shown in its own part). */
function withoutDiagnostics(n: DetailNode): DetailNode {
  return n.children ? { ...n, children: n.children.filter((c) => local(c.name) !== 'System.Diagnostics') } : n;
}

export function Formatted({ detail, needle }: { detail: RecordDetail; needle?: string }) {
  const { basic, diagnostics, set } = useFormattedOptions();
  const exception = findNode(detail.tree, (n) => local(n.name) === 'Exception' && !!n.children?.some((c) => local(c.name) === 'ExceptionType'));
  const found = findNode(detail.tree, (n) => local(n.name) === 'ApplicationData');
  const appData = found && withoutDiagnostics(found);
  const block = diagnosticsOf(found);
  const traceId = findNode(detail.tree, (n) => local(n.name) === 'TraceIdentifier')?.value;
  // A WCF trace already belongs to its own Activity ID: only other records' ids (and related ids) lead somewhere new.
  const ownFormat = useStore((s) => s.files.find((f) => f.id === detail.fileId)?.format);
  const links = (name: string) => name === 'Related activity ID' || (name === 'Activity ID' && ownFormat !== 'svclog');
  return (
    <>
      <div className="formatted-options" data-testid="formatted-options">
        <label>
          <input type="checkbox" checked={basic} onChange={(e) => set({ basic: e.currentTarget.checked })} data-testid="show-basic" /> Show basic information
        </label>
        <label>
          <input type="checkbox" checked={diagnostics} onChange={(e) => set({ diagnostics: e.currentTarget.checked })} data-testid="show-diagnostics" /> Show diagnostics information
        </label>
      </div>
      {basic && (
        <Part title="Basic information" testId="formatted-basic">
          <table className="fields">
            <tbody>
              {detail.fields.map((f, i) => (
                <tr key={i}>
                  <th>{displayText(fieldName(f))}</th>
                  <td>
                    <Highlight text={fieldValue(f)} needle={needle} />
                    {links(f.name) && (
                      <>
                        {' '}
                        <ActivityLink activityId={f.value} />
                      </>
                    )}
                  </td>
                </tr>
              ))}
              {traceId && (
                <tr>
                  <th>Trace identifier</th>
                  <td data-testid="trace-identifier">
                    <Highlight text={traceId} needle={needle} />
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </Part>
      )}
      {diagnostics && (block || detail.fields.some((f) => f.name === 'Process')) && <Diagnostics detail={detail} block={block} needle={needle} />}
      {exception && (
        <Part title="Exception" testId="formatted-exception">
          <ExceptionView node={exception} needle={needle} />
        </Part>
      )}
      {appData && (appData.children?.length || appData.value) && (
        <Part title="Application data" testId="app-data">
          <TreeView node={appData} needle={needle} />
        </Part>
      )}
    </>
  );
}
