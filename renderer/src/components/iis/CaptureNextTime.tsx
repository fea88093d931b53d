import { useState } from 'react';
import { useCopy } from '../../useCopy';
import { useIisCall } from './useIisData';

/**
 * Capture next time: the FREB rule with a procdump custom action for this request's URL, the
 * applicationHost.config change and where the files land on an Azure web role, each with a copy
 * button. The threshold starts at the URL's p99 time-taken and can be edited.
 */
export function CaptureNextTime({ fileId, row, onClose }: { fileId: string; row: number; onClose(): void }) {
  const [threshold, setThreshold] = useState<number | undefined>();
  const [folder, setFolder] = useState('C:\\Dumps');
  const [copied, copy] = useCopy();
  const req = { fileId, row, ...(threshold !== undefined ? { timeTakenMs: threshold } : {}), dumpFolder: folder };
  const { value: c, error } = useIisCall('iis.capture', req, `${fileId}:${row}:${threshold}:${folder}`);
  return (
    <section className="capture" data-testid="capture">
      <div className="capture-head">
        <h4>Capture next time</h4>
        <label>
          time-taken ≥{' '}
          <input
            type="number"
            min={0}
            value={threshold ?? c?.timeTakenMs ?? ''}
            onChange={(e) => setThreshold(Math.max(0, Math.round(Number(e.currentTarget.value) || 0)))}
            data-testid="capture-threshold"
            aria-label="time-taken threshold in ms"
          />{' '}
          ms {threshold === undefined && <span className="muted small">(the URL's p99)</span>}
        </label>
        <label>
          dump folder <input type="text" value={folder} onChange={(e) => setFolder(e.currentTarget.value)} data-testid="capture-folder" aria-label="dump folder" />
        </label>
        {copied && <span className="muted small">{copied}</span>}
        <span className="spacer" />
        <button type="button" className="icon" onClick={onClose} aria-label="Close capture configuration">
          ✕
        </button>
      </div>
      {error && <p className="error-text">{error}</p>}
      {c &&
        c.sections.map((s) => (
          <div key={s.title} className="capture-section" data-testid="capture-section" data-language={s.language}>
            <div className="capture-title">
              <strong>{s.title}</strong>
              <button type="button" onClick={() => copy(`Copied: ${s.title}`, s.text)} data-testid="capture-copy">
                Copy
              </button>
            </div>
            <pre className="code">{s.text}</pre>
          </div>
        ))}
    </section>
  );
}
