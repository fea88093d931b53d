import { useEffect, useRef, useState } from 'react';
import type { FileInfo } from '../../../shared/model';
import { plural } from '../../../shared/format';
import { displayText } from '../safeText';
import { useStore } from '../store';
import { LevelIcon } from './LevelIcon';

const withProblems = (files: FileInfo[]) => files.filter((f) => f.problems.length > 0);

/** Each file's problems in plain sentences (errors first), e.g. why a file could not be read. */
function ProblemList({ files }: { files: FileInfo[] }) {
  return (
    <>
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
            {f.warningCount + f.errorCount > f.problems.length && <li className="muted small">… {f.warningCount + f.errorCount - f.problems.length} more</li>}
          </ul>
        </div>
      ))}
    </>
  );
}

/** The problems under the files pane. */
export function ProblemsPanel() {
  const files = withProblems(useStore((s) => s.files));
  if (files.length === 0) return null;
  return (
    <section className="panel problems-panel" aria-label="Problems" data-testid="problems">
      <h2>Problems</h2>
      <ProblemList files={files} />
    </section>
  );
}

/**
 * The toolbar's Problems badge: how many problems the loaded files have (red when any is an
 * error); a click opens the list over the views, in every view (the IIS view has no files pane).
 */
export function ProblemsBadge() {
  const all = useStore((s) => s.files);
  const files = withProblems(all);
  const errors = all.reduce((n, f) => n + f.errorCount, 0);
  const total = all.reduce((n, f) => n + f.errorCount + f.warningCount, 0);
  const [open, setOpen] = useState(false);
  const anchor = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !anchor.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', close);
    document.addEventListener('pointerdown', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('pointerdown', close);
    };
  }, [open]);
  if (total === 0) return null;
  return (
    <div className="menu-anchor" ref={anchor}>
      <button
        type="button"
        className={`problems-badge ${errors ? 'has-errors' : 'has-warnings'}`}
        onClick={() => setOpen(!open)}
        aria-haspopup="dialog"
        aria-expanded={open}
        title={`${plural(errors, 'error')}, ${plural(total - errors, 'warning')} in the loaded files; click to read them`}
        data-testid="problems-badge"
        data-count={total}
      >
        <LevelIcon level={errors ? 'error' : 'warning'} /> {plural(total, 'problem')}
      </button>
      {open && (
        <section className="menu problems-popover" role="dialog" aria-label="Problems" data-testid="problems-popover">
          <h2>Problems</h2>
          <ProblemList files={files} />
        </section>
      )}
    </div>
  );
}
