import { useEffect } from 'react';
import { getApi } from '../api';
import { useView } from '../viewStore';
import { runShortcut } from '../shortcutCommands';
import { saveWorkspace } from '../workspace';

const typing = (t: EventTarget | null) => t instanceof HTMLElement && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);

/** The window-wide shortcuts (list keys are handled by the focused table). See shared/shortcuts.ts. */
export function useShortcuts(openFiles: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const v = useView.getState();
      const ctrl = e.ctrlKey || e.metaKey;
      const handled = (fn: () => void) => {
        e.preventDefault();
        fn();
      };
      if (ctrl && !e.shiftKey && e.key.toLowerCase() === 'f') return handled(() => runShortcut('find'));
      if (ctrl && e.key.toLowerCase() === 'o') return handled(openFiles);
      // The desktop app's File menu carries Ctrl+S (its accelerator); in a browser it would save the page.
      if (ctrl && e.key.toLowerCase() === 's' && getApi().shell === 'browser') return handled(() => void saveWorkspace());
      if (ctrl && e.key.toLowerCase() === 'e') return handled(() => runShortcut('errors-warnings'));
      if (e.key === 'F3') return handled(() => runShortcut(e.shiftKey ? 'find-previous' : 'find-next'));
      if (e.key === 'F11') return handled(() => runShortcut('follow-transfer'));
      // Ctrl+F10 / Ctrl+F9 step through transfers; plain F10 / F9 through the activity's traces.
      if (e.key === 'F10') return handled(() => runShortcut(ctrl ? 'next-transfer' : 'next-trace'));
      if (e.key === 'F9') return handled(() => runShortcut(ctrl ? 'previous-transfer' : 'previous-trace'));
      if (e.altKey && !ctrl && ['1', '2', '3', '4'].includes(e.key)) return handled(() => runShortcut((['view-activities', 'view-messages', 'view-records', 'view-graph'] as const)[Number(e.key) - 1]));
      if (e.key === 'F4') return handled(() => runShortcut('graph'));
      if (e.key === 'F5' && !ctrl) return handled(() => runShortcut('refresh'));
      if (e.key === 'F2') return handled(() => runShortcut(ctrl ? 'toggle-bookmark' : e.shiftKey ? 'previous-bookmark' : 'next-bookmark'));
      if (e.altKey && e.key === 'ArrowLeft') return handled(() => runShortcut('back'));
      if (e.altKey && e.key === 'ArrowRight') return handled(() => runShortcut('forward'));
      if (e.key === 'F1' || (e.key === '?' && !typing(e.target))) return handled(() => v.setShortcutsOpen(true));
      if (e.key === 'Escape') {
        if (v.shortcutsOpen) return handled(() => v.setShortcutsOpen(false));
        if (v.find.open && !typing(e.target)) return handled(() => v.setFind({ open: false }));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openFiles]);
}
