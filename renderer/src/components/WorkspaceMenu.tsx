import { useRef, useState } from 'react';
import { useStore } from '../store';
import { exportAs, openWorkspaceFiles, saveProject, saveWorkspace, type ExportFormat } from '../workspace';

const EXPORTS: { format: ExportFormat; label: string }[] = [
  { format: 'csv', label: 'Export traces or requests as CSV' },
  { format: 'jsonl', label: 'Export traces or requests as JSON Lines' },
  { format: 'perfetto', label: 'Export activities and messages for Perfetto' },
  { format: 'otlp', label: 'Export activities and messages as OTLP/JSON' },
  { format: 'parquet', label: 'Export everything as Parquet datasets (zip)' },
];

/** The toolbar's File menu: open and save workspaces (.tracelens, .stvproj), follow a folder of logs, export what the filter shows. */
export function WorkspaceMenu() {
  const [open, setOpen] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const run = (action: () => void) => () => {
    setOpen(false);
    action();
  };
  return (
    <div className="menu-anchor">
      <button type="button" onClick={() => setOpen(!open)} data-testid="file-menu-button" aria-haspopup="menu" aria-expanded={open}>
        File ▾
      </button>
      {open && (
        <ul className="menu" role="menu" data-testid="file-menu">
          <li role="menuitem" onClick={run(() => input.current?.click())}>
            Open workspace or STV project…
          </li>
          <li role="menuitem" onClick={run(() => useStore.setState({ folderDialog: true }))} data-testid="follow-folder">
            Follow folder…
          </li>
          <li role="menuitem" onClick={run(() => void saveWorkspace())} data-testid="save-workspace">
            Save workspace
          </li>
          <li role="menuitem" onClick={run(() => void saveProject())} data-testid="save-project" title="A project Service Trace Viewer opens: the loaded traces">
            Save as Service Trace Viewer project (.stvproj)
          </li>
          {EXPORTS.map((e) => (
            <li key={e.format} role="menuitem" onClick={run(() => void exportAs(e.format))} data-testid={`export-${e.format}`}>
              {e.label}
            </li>
          ))}
        </ul>
      )}
      <input
        ref={input}
        type="file"
        hidden
        accept=".tracelens,.stvproj"
        data-testid="workspace-input"
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])];
          e.currentTarget.value = '';
          void openWorkspaceFiles(files);
        }}
      />
    </div>
  );
}
