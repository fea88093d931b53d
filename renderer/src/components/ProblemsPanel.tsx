import { displayText } from '../safeText';
import { useStore } from '../store';
import { LevelIcon } from './LevelIcon';

/** Per-file problems in plain sentences (errors first), e.g. why a file could not be read. */
export function ProblemsPanel() {
  const files = useStore((s) => s.files).filter((f) => f.problems.length > 0);
  if (files.length === 0) return null;
  return (
    <section className="panel problems-panel" aria-label="Problems" data-testid="problems">
      <h2>Problems</h2>
      {files.map((f) => (
        <div key={f.id} className="problem-file">
          <div className="problem-file-name">{displayText(f.name)}</div>
          <ul>
            {f.problems.map((p, i) => (
              <li key={i} className={p.severity === 'error' ? 'error-text' : 'warn-text'} data-testid={`problem-${p.severity}`}>
                <LevelIcon level={p.severity === 'error' ? 'error' : 'warning'} labelled /> {displayText(p.message)}
                {p.line !== undefined ? ` (line ${p.line})` : p.offset !== undefined ? ` (byte ${p.offset})` : ''}
              </li>
            ))}
            {f.warningCount + f.errorCount > f.problems.length && (
              <li className="muted small">… {f.warningCount + f.errorCount - f.problems.length} more</li>
            )}
          </ul>
        </div>
      ))}
    </section>
  );
}
