import { useRef } from 'react';
import { useStore } from '../store';
import { formatCount } from '../format';

/** Top bar: the app name, Open files, and what is loaded. */
export function Toolbar() {
  const input = useRef<HTMLInputElement>(null);
  const addLocalFiles = useStore((s) => s.addLocalFiles);
  const total = useStore((s) => s.recordTotal);
  const appInfo = useStore((s) => s.appInfo);
  return (
    <header className="toolbar">
      <img className="logo" src="./icon.svg" alt="" />
      <span className="app-name">TraceLens</span>
      <button type="button" className="primary" onClick={() => input.current?.click()} title="Open trace and log files (Ctrl+O)">
        Open files…
      </button>
      <input
        ref={input}
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
      <span className="spacer" />
      <span className="muted" data-testid="record-total">
        {formatCount(total)} records
      </span>
      {appInfo && (
        <span className="muted host-label" title={`${appInfo.name} ${appInfo.version} on ${appInfo.platform}`}>
          {appInfo.host === 'browser' ? 'browser host' : 'desktop'} · v{appInfo.version}
        </span>
      )}
    </header>
  );
}
