/**
 * Keyboard shortcuts: the one table behind Help › Keyboard shortcuts (the desktop menu's dialog
 * and the in-app one) and the desktop menu's accelerators, so the two cannot disagree.
 */
/** Shortcuts the renderer carries out by name: its key handler and the desktop menu's Go items run the same command. */
export type ShortcutCommand =
  | 'find'
  | 'find-next'
  | 'find-previous'
  | 'follow-transfer'
  | 'next-trace'
  | 'previous-trace'
  | 'back'
  | 'forward'
  | 'errors-warnings'
  | 'next-transfer'
  | 'previous-transfer'
  | 'view-activities'
  | 'view-messages'
  | 'view-records'
  | 'view-graph'
  | 'graph'
  | 'refresh'
  | 'toggle-bookmark'
  | 'next-bookmark'
  | 'previous-bookmark';

export interface Shortcut {
  /** As the help shows them; an accelerator's key is one of them ("Alt+←" for Alt+Left). */
  keys: string;
  action: string;
  /** The Electron accelerator of the desktop menu item that carries this shortcut. */
  accelerator?: string;
  /** A Go menu item (desktop) that runs this command in the renderer. */
  command?: ShortcutCommand;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: 'Ctrl+O', action: 'Open files', accelerator: 'CmdOrCtrl+O' },
  { keys: 'Ctrl+S', action: 'Save the workspace', accelerator: 'CmdOrCtrl+S' },
  { keys: 'Ctrl+F', action: 'Find in traces', accelerator: 'CmdOrCtrl+F', command: 'find' },
  { keys: 'F3 / Enter', action: 'Next find hit', accelerator: 'F3', command: 'find-next' },
  { keys: 'Shift+F3 / Shift+Enter', action: 'Previous find hit', accelerator: 'Shift+F3', command: 'find-previous' },
  { keys: '↑ ↓ Page Up/Down Home End', action: 'Move in the focused list' },
  { keys: 'Ctrl+click, Shift+click', action: 'Select several activities (their traces are merged)' },
  { keys: 'Double-click, F11', action: 'Follow the selected Transfer to its activity', accelerator: 'F11', command: 'follow-transfer' },
  { keys: 'F10', action: 'Next trace of the activity, across processes', accelerator: 'F10', command: 'next-trace' },
  { keys: 'F9', action: 'Previous trace of the activity, across processes', accelerator: 'F9', command: 'previous-trace' },
  { keys: 'Alt+←', action: 'Back through selections (with the lists’ scroll positions)', accelerator: 'Alt+Left', command: 'back' },
  { keys: 'Alt+→', action: 'Forward through selections', accelerator: 'Alt+Right', command: 'forward' },
  { keys: 'Ctrl+E', action: 'Show errors and warnings only (toggle)', accelerator: 'CmdOrCtrl+E', command: 'errors-warnings' },
  { keys: 'F1 or ?', action: 'This list', accelerator: 'F1' },
  { keys: 'Esc', action: 'Close find or this dialog' },
  { keys: 'Ctrl+A', action: 'Select every row of the focused list' },
  { keys: 'Ctrl+C', action: 'Copy the selected rows (tab-separated, with a header line)' },
  { keys: 'Right-click', action: 'Row menu: copy, filter by this value, hide this process, find this, open in graph, bookmark' },
  { keys: 'Right-click a header', action: 'Show, hide and move columns' },
  { keys: 'Ctrl+F10', action: 'Next Transfer in the trace list', accelerator: 'Ctrl+F10', command: 'next-transfer' },
  { keys: 'Ctrl+F9', action: 'Previous Transfer in the trace list', accelerator: 'Ctrl+F9', command: 'previous-transfer' },
  { keys: '→ / ←', action: 'On a Transfer: go into its activity / come back' },
  { keys: 'Alt+1', action: 'Activities', accelerator: 'Alt+1', command: 'view-activities' },
  { keys: 'Alt+2', action: 'Messages', accelerator: 'Alt+2', command: 'view-messages' },
  { keys: 'Alt+3', action: 'All records', accelerator: 'Alt+3', command: 'view-records' },
  { keys: 'Alt+4', action: 'Graph', accelerator: 'Alt+4', command: 'view-graph' },
  { keys: 'F4', action: 'Show the selected trace in the graph', accelerator: 'F4', command: 'graph' },
  { keys: 'F5', action: 'Refresh: read the files again', accelerator: 'F5', command: 'refresh' },
  { keys: 'Ctrl+F2', action: 'Bookmark the selected trace (toggle)', accelerator: 'Ctrl+F2', command: 'toggle-bookmark' },
  { keys: 'F2', action: 'Next bookmark', accelerator: 'F2', command: 'next-bookmark' },
  { keys: 'Shift+F2', action: 'Previous bookmark', accelerator: 'Shift+F2', command: 'previous-bookmark' },
];

/** The accelerator of the shortcut with this action (the menu names actions, the table keys). */
export function acceleratorFor(action: string): string {
  const s = SHORTCUTS.find((x) => x.action === action);
  if (!s?.accelerator) throw new Error(`no menu accelerator for "${action}" in SHORTCUTS`);
  return s.accelerator;
}
