import { DetailPane } from './DetailPane';
import { DropHint, DropTarget } from './DropZone';
import { FilesPanel } from './FilesPanel';
import { ProblemsPanel } from './ProblemsPanel';
import { RecordTable } from './RecordTable';
import { StatusBar } from './StatusBar';
import { Toolbar } from './Toolbar';
import { useStore } from '../store';

/** The app frame: toolbar, files and problems on the left, records and detail on the right. */
export function App() {
  const hasFiles = useStore((s) => s.files.length > 0);
  const notices = useStore((s) => s.notices);
  const dismiss = useStore((s) => s.dismissNotice);
  const disconnected = useStore((s) => s.disconnected);
  return (
    <DropTarget>
      <div className="app">
        <Toolbar />
        {disconnected && <div className="banner error">{disconnected} Restart the host and reload this page.</div>}
        {notices.map((n, i) => (
          <div key={i} className="banner warn" data-testid="notice">
            {n}
            <button type="button" className="icon" onClick={() => dismiss(i)} aria-label="Dismiss">
              ✕
            </button>
          </div>
        ))}
        <main className="workspace">
          <aside className="sidebar">
            <FilesPanel />
            <ProblemsPanel />
          </aside>
          <div className="content">
            {hasFiles ? (
              <>
                <RecordTable />
                <DetailPane />
              </>
            ) : (
              <DropHint />
            )}
          </div>
        </main>
        <StatusBar />
      </div>
    </DropTarget>
  );
}
