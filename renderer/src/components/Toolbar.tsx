import { useState, type RefObject } from 'react';
import { getApi } from '../api';
import { formatCount } from '../format';
import { useStore } from '../store';
import { useView } from '../viewStore';
import { ViewSwitch } from './iis/ViewSwitch';
import { ProblemsBadge } from './ProblemsPanel';
import { TimeZoneMenu } from './TimeZoneMenu';
import { WorkspaceMenu } from './WorkspaceMenu';
import { isWorkspaceFile, openWorkspacePath } from '../workspace';
import { ClockControls } from './skew/ClockControls';
import { MachinesButton } from './machines/MachinesPanel';
import { FollowControls } from './FollowControls';

/** Top bar: Open files, recent files, find, help, and what is loaded. */
export function Toolbar({ fileInput }: { fileInput: RefObject<HTMLInputElement | null> }) {
  const addLocalFiles = useStore((s) => s.addLocalFiles);
  const notify = useStore((s) => s.notify);
  const total = useStore((s) => s.recordTotal);
  const appInfo = useStore((s) => s.appInfo);
  const recent = useView((s) => s.recentFiles);
  const setFind = useView((s) => s.setFind);
  const setShortcutsOpen = useView((s) => s.setShortcutsOpen);
  const [recentOpen, setRecentOpen] = useState(false);
  const openRecent = (path: string) => {
    setRecentOpen(false);
    if (isWorkspaceFile(path)) return void openWorkspacePath(path);
    void getApi()
      .call('files.open', { paths: [path] })
      .catch((e: unknown) => notify(e instanceof Error ? e.message : String(e)));
  };
  return (
    <header className="toolbar">
      <img className="logo" src="./icon.svg" alt="" />
      <span className="app-name">TraceLens</span>
      <ViewSwitch />
      <button type="button" className="primary" onClick={() => fileInput.current?.click()} title="Open trace and log files (Ctrl+O)">
        Open files…
      </button>
      <WorkspaceMenu />
      <div className="menu-anchor">
        <button type="button" onClick={() => setRecentOpen(!recentOpen)} disabled={recent.length === 0} title="Recent files" data-testid="recent-button">
          Recent ▾
        </button>
        {recentOpen && (
          <ul className="menu" role="menu" data-testid="recent-menu">
            {recent.map((p) => (
              <li key={p} role="menuitem" onClick={() => openRecent(p)} title={p}>
                {p}
              </li>
            ))}
          </ul>
        )}
      </div>
      <input
        ref={fileInput}
        type="file"
        multiple
        hidden
        data-testid="file-input"
        accept=".svclog,.e2e,.xml,.log,.txt,*/*"
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])];
          e.currentTarget.value = '';
          void addLocalFiles(files);
        }}
      />
      <button type="button" onClick={() => setFind({ open: true })} title="Find (Ctrl+F)" data-testid="find-button">
        Find…
      </button>
      <TimeZoneMenu />
      <ClockControls />
      <MachinesButton />
      <FollowControls />
      <span className="spacer" />
      <ProblemsBadge />
      <span className="muted" data-testid="record-total">
        {formatCount(total)} records
      </span>
      {appInfo && (
        <span className="muted host-label" title={`${appInfo.name} ${appInfo.version} on ${appInfo.platform}`}>
          {appInfo.host === 'browser' ? 'browser host' : 'desktop'} · v{appInfo.version}
        </span>
      )}
      <button type="button" className="help-button" onClick={() => setShortcutsOpen(true)} title="Keyboard shortcuts (F1)" aria-label="Keyboard shortcuts" data-testid="help-button">
        ?
      </button>
    </header>
  );
}
