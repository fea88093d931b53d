/** Keyboard shortcuts of the trace views: shown by Help › Keyboard shortcuts (menu and in-app dialog). */
export const SHORTCUTS: readonly { keys: string; action: string }[] = [
  { keys: 'Ctrl+O', action: 'Open files' },
  { keys: 'Ctrl+F', action: 'Find in traces' },
  { keys: 'F3 / Enter', action: 'Next find hit' },
  { keys: 'Shift+F3 / Shift+Enter', action: 'Previous find hit' },
  { keys: '↑ ↓ Page Up/Down Home End', action: 'Move in the focused list' },
  { keys: 'Ctrl+click, Shift+click', action: 'Select several activities (their traces are merged)' },
  { keys: 'Double-click, F11', action: 'Follow the selected Transfer to its activity' },
  { keys: 'F10 / F9', action: 'Next / previous trace of the activity, across processes' },
  { keys: 'Alt+← / Alt+→', action: 'Back / forward through selections' },
  { keys: 'Ctrl+E', action: 'Show errors and warnings only (toggle)' },
  { keys: 'F1 or ?', action: 'This list' },
  { keys: 'Esc', action: 'Close find or this dialog' },
];
