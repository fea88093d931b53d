import { useEffect, useState, type ReactNode } from 'react';
import { useStore } from '../store';

/**
 * Files can be dropped anywhere on the window; an overlay shows while dragging, and a hint stands
 * in the middle while nothing is loaded.
 */
export function DropTarget({ children }: { children: ReactNode }) {
  const [dragging, setDragging] = useState(false);
  const addLocalFiles = useStore((s) => s.addLocalFiles);
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const over = (e: DragEvent) => {
      // Drags inside the page (a machine name) keep the effect their target chose.
      if (!hasFiles(e)) return;
      // Without this the browser (or Electron) would navigate to the dropped file.
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const drop = (e: DragEvent) => {
      e.preventDefault();
      depth = 0;
      setDragging(false);
      void addLocalFiles([...(e.dataTransfer?.files ?? [])]);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [addLocalFiles]);
  return (
    <>
      {children}
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay">
          <div>Drop to open</div>
        </div>
      )}
    </>
  );
}

export function DropHint() {
  return (
    <div className="drop-hint" data-testid="drop-hint">
      <div className="drop-hint-box">
        <div className="drop-hint-title">Drop trace and log files here</div>
        <div className="muted">WCF traces (.svclog, .e2e, .xml) · IIS W3C and native logs · HTTP.sys error logs · failed request traces (fr*.xml)</div>
        <div className="muted small">or use Open files… above. Several files from several machines can be opened together.</div>
      </div>
    </div>
  );
}
