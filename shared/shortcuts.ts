/**
 * Keyboard shortcuts: the one table behind Help › Keyboard shortcuts (the desktop menu's dialog
 * and the in-app one) and the desktop menu's accelerators, so the two cannot disagree.
 */
export interface Shortcut {
  keys: string;
  action: string;
  /** The Electron accelerator of the desktop menu item that carries this shortcut. */
  accelerator?: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: 'Ctrl+O', action: 'Open files', accelerator: 'CmdOrCtrl+O' },
  { keys: 'Ctrl+S', action: 'Save the workspace', accelerator: 'CmdOrCtrl+S' },
  { keys: 'Ctrl+F', action: 'Find in traces' },
  { keys: 'F3 / Enter', action: 'Next find hit' },
  { keys: 'Shift+F3 / Shift+Enter', action: 'Previous find hit' },
  { keys: '↑ ↓ Page Up/Down Home End', action: 'Move in the focused list' },
  { keys: 'Ctrl+click, Shift+click', action: 'Select several activities (their traces are merged)' },
  { keys: 'Double-click, F11', action: 'Follow the selected Transfer to its activity' },
  { keys: 'F10 / F9', action: 'Next / previous trace of the activity, across processes' },
  { keys: 'Alt+← / Alt+→', action: 'Back / forward through selections' },
  { keys: 'Ctrl+E', action: 'Show errors and warnings only (toggle)' },
  { keys: 'F1 or ?', action: 'This list', accelerator: 'F1' },
  { keys: 'Esc', action: 'Close find or this dialog' },
];

/** The accelerator of the shortcut with this action (the menu names actions, the table keys). */
export function acceleratorFor(action: string): string {
  const s = SHORTCUTS.find((x) => x.action === action);
  if (!s?.accelerator) throw new Error(`no menu accelerator for "${action}" in SHORTCUTS`);
  return s.accelerator;
}
