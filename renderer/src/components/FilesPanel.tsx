import { FILE_FORMAT_LABELS } from '../../../shared/model';
import { getApi } from '../api';
import { formatBytes, formatCount } from '../format';
import { useStore } from '../store';

/** Loaded files: colour, name, format, size, records, problems; remove and reload. */
export function FilesPanel() {
  const files = useStore((s) => s.files);
  const notify = useStore((s) => s.notify);
  const act = (p: Promise<unknown>) => void p.catch((e: unknown) => notify(e instanceof Error ? e.message : String(e)));
  return (
    <section className="panel files-panel" aria-label="Files">
      <h2>Files</h2>
      {files.length === 0 && <p className="muted small">No files loaded.</p>}
      <ul>
        {files.map((f) => (
          <li key={f.id} className={`file file-${f.state}`} data-testid="file-item" data-name={f.name} data-state={f.state}>
            <span className={`swatch c${f.colour}`} />
            <div className="file-body">
              <div className="file-name" title={f.path}>
                {f.name}
              </div>
              <div className="file-meta small muted">
                <span data-testid="file-format">{f.state === 'failed' && f.format === 'unknown' ? 'not readable' : FILE_FORMAT_LABELS[f.format]}</span>
                {' · '}
                {formatBytes(f.size)}
                {' · '}
                <span data-testid="file-records">{formatCount(f.records)}</span> records
                {f.warningCount > 0 && <span className="warn-text"> · {formatCount(f.warningCount)} warnings</span>}
                {f.errorCount > 0 && <span className="error-text"> · {formatCount(f.errorCount)} errors</span>}
                {f.state === 'loading' && ' · loading…'}
                {f.state === 'queued' && ' · queued'}
                {f.state === 'cancelled' && ' · cancelled'}
              </div>
            </div>
            <div className="file-actions">
              <button type="button" className="icon" title="Reload from disk" onClick={() => act(getApi().call('files.reload', { fileId: f.id }))}>
                ⟳
              </button>
              <button type="button" className="icon" title="Remove" aria-label={`Remove ${f.name}`} onClick={() => act(getApi().call('files.remove', { fileId: f.id }))}>
                ✕
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
