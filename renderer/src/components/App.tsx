import { useCallback, useRef } from 'react';
import { useIis } from '../iisStore';
import { useStore } from '../store';
import { useTimeZone } from '../timeZone';
import { useView } from '../viewStore';
import { ContextMenu } from './ContextMenu';
import { DetailPane } from './DetailPane';
import { DropHint, DropTarget } from './DropZone';
import { FilesPanel } from './FilesPanel';
import { FilterBar } from './FilterBar';
import { FindBar } from './FindBar';
import { IisView } from './iis/IisView';
import { LeftPane } from './LeftPane';
import { ProblemsPanel } from './ProblemsPanel';
import { ShortcutsDialog } from './ShortcutsDialog';
import { Splitter } from './Splitter';
import { StatusBar } from './StatusBar';
import { Toolbar } from './Toolbar';
import { TraceList } from './TraceList';
import { useShortcuts } from './useShortcuts';

/**
 * The Service Trace Viewer layout: toolbar, filter bar and find under it; on the left the
 * activity / message / all-records tabs above the files pane; on the right the trace list above
 * the detail pane. Every pane is resizable and its size persisted.
 */
export function App() {
  const hasFiles = useStore((s) => s.files.length > 0);
  const notices = useStore((s) => s.notices);
  const dismiss = useStore((s) => s.dismissNotice);
  const disconnected = useStore((s) => s.disconnected);
  const panes = useView((s) => s.panes);
  // The graph needs room: its tab keeps its own, wider, left-pane width.
  const leftPane = useView((s) => (s.leftTab === 'graph' ? 'graph' : 'left'));
  // Wide enough at a normal window size for the activity list's End and Hosts columns.
  const leftFallback = leftPane === 'graph' ? 980 : Math.round(Math.min(900, Math.max(520, window.innerWidth * 0.56)));
  const view = useIis((s) => s.view);
  // Every view formats times in the display zone: a new zone re-renders them all (none is memoised).
  useTimeZone();
  const fileInput = useRef<HTMLInputElement>(null);
  const openFiles = useCallback(() => fileInput.current?.click(), []);
  useShortcuts(openFiles);
  return (
    <DropTarget>
      <div className="app">
        <Toolbar fileInput={fileInput} />
        {disconnected && <div className="banner error">{disconnected} Restart the host and reload this page.</div>}
        {notices.map((n, i) => (
          <div key={i} className="banner warn" data-testid="notice">
            {n}
            <button type="button" className="icon" onClick={() => dismiss(i)} aria-label="Dismiss">
              ✕
            </button>
          </div>
        ))}
        {hasFiles && view === 'traces' && <FilterBar />}
        <FindBar />
        {view === 'iis' && <IisView />}
        {/* Kept mounted under the IIS view so the STV lists keep their place. */}
        <main className="workspace" style={view === 'iis' ? { display: 'none' } : undefined}>
          <aside className="left" style={{ width: panes[leftPane] ?? leftFallback }}>
            {hasFiles && <LeftPane />}
            <div className="files-area" style={hasFiles ? { height: panes.files ?? 170 } : { flex: 1 }}>
              {hasFiles && <Splitter pane="files" invert fallback={170} min={60} max={800} />}
              <div className="files-scroll">
                <FilesPanel onAdd={openFiles} />
                <ProblemsPanel />
              </div>
            </div>
          </aside>
          <Splitter key={leftPane} pane={leftPane} vertical fallback={leftFallback} min={260} max={2400} />
          <div className="content">
            {hasFiles ? (
              <>
                <div className="trace-area" style={{ height: panes.traces ?? 360 }}>
                  <TraceList />
                </div>
                <Splitter pane="traces" fallback={360} min={100} max={2000} />
                <DetailPane />
              </>
            ) : (
              <DropHint />
            )}
          </div>
        </main>
        <StatusBar />
        <ShortcutsDialog />
        <ContextMenu />
      </div>
    </DropTarget>
  );
}
