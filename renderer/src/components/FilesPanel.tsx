import { FieldsEditor } from './FieldsEditor';
import { FILE_FORMAT_LABELS } from '../../../shared/model';
import { getApi } from '../api';
import { plural } from '../../../shared/format';
import { formatBytes, formatCount } from '../format';
import { displayText } from '../safeText';
import { useStore } from '../store';

/** Loaded files: colour, name, format, size, records, problems, whether it is followed as it grows; add, remove and reload. */
export function FilesPanel({ onAdd }: { onAdd?: () => void }) {
  const files = useStore((s) => s.files);
  const progress = useStore((s) => s.progress);
  const notify = useStore((s) => s.notify);
  const cancelFile = useStore((s) => s.cancelFile);
  const act = (p: Promise<unknown>) => void p.catch((e: unknown) => notify(e instanceof Error ? e.message : String(e)));
  return (
    <section className="panel files-panel" aria-label="Files">
      <h2>
        Files
        {onAdd && (
          <button type="button" className="icon add-file" onClick={onAdd} title="Add files (Ctrl+O)" aria-label="Add files" data-testid="add-file">
            +
          </button>
        )}
      </h2>
      {files.length === 0 && <p className="muted small">No files loaded.</p>}
      <ul>
        {files.map((f) => (
          <li key={f.id} className={`file file-${f.state}`} data-testid="file-item" data-file-id={f.id} data-name={f.name} data-state={f.state}>
            <span className={`swatch c${f.colour}`} />
            <div className="file-body">
              <div className="file-name" title={displayText(f.path)}>
                {displayText(f.name)}
              </div>
              <div className="file-meta small muted">
                <span data-testid="file-format">{f.state === 'failed' && f.format === 'unknown' ? 'not readable' : FILE_FORMAT_LABELS[f.format]}</span>
                {' · '}
                {formatBytes(f.size)}
                {' · '}
                <span data-testid="file-records">{formatCount(f.records)}</span> records
                {f.warningCount > 0 && <span className="warn-text"> · {plural(f.warningCount, 'warning')}</span>}
                {f.errorCount > 0 && <span className="error-text"> · {plural(f.errorCount, 'error')}</span>}
                {f.state === 'loading' && ' · loading…'}
                {f.state === 'queued' && ' · queued'}
                {f.state === 'cancelled' && ' · cancelled'}
                {f.state === 'loaded' && f.live === 'following' && (
                  <span className="live-following" data-testid="file-following" title="New records are read as they are written">
                    {' '}
                    · following
                  </span>
                )}
                {f.live === 'paused' && (
                  <span className="warn-text" data-testid="file-changed" title="Following is paused: Resume (toolbar) or reload to read what was written">
                    {' '}
                    · changed on disk
                  </span>
                )}
              </div>
              {f.note && (
                <div className="file-note small warn-text" data-testid="file-note">
                  {displayText(f.note)}
                </div>
              )}
              {f.state === 'loaded' && <FieldsEditor file={f} />}
              {(f.state === 'loading' || f.state === 'queued') && (
                <div className="file-progress">
                  <progress max={1} value={progress[f.id] ? progress[f.id].bytesRead / Math.max(1, progress[f.id].totalBytes || f.size) : 0} data-testid="file-progress" aria-label={`Loading ${f.name}`} />
                  <button type="button" className="small-button" onClick={() => cancelFile(f)} data-testid="file-cancel" aria-label={`Cancel loading ${f.name}`}>
                    Cancel
                  </button>
                </div>
              )}
            </div>
            <div className="file-actions">
              <button type="button" className={f.live === 'paused' ? 'icon attention' : 'icon'} title="Reload from disk" aria-label={`Reload ${f.name}`} onClick={() => act(getApi().call('files.reload', { fileId: f.id }))}>
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
