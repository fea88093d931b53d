/**
 * The one context menu of the app (list rows, list headers, graph marks): whoever right-clicks
 * opens it with its items; App renders it once.
 */
import { create } from 'zustand';

export interface MenuItem {
  label: string;
  run(): void;
  disabled?: boolean;
  /** A check box item (column chooser). */
  checked?: boolean;
  /** A line above this item. */
  separator?: boolean;
  /** The shortcut shown at the right, e.g. "Ctrl+C". */
  keys?: string;
}

interface MenuState {
  menu?: { x: number; y: number; items: MenuItem[]; testId?: string };
  open(x: number, y: number, items: MenuItem[], testId?: string): void;
  close(): void;
}

export const useMenu = create<MenuState>((set) => ({
  open: (x, y, items, testId) => set({ menu: items.length ? { x, y, items, testId } : undefined }),
  close: () => set({ menu: undefined }),
}));
