/**
 * Machines as the renderer sees them: the main side's report (names grouped into machines) and
 * the user's joins. A join re-resolves every view's server names and times, so cached pages are
 * dropped (dataVersion) and the clock report is asked again.
 */
import { create } from 'zustand';
import type { MachinesReport } from '../../shared/channels/machines';
import { getApi } from './api';
import { useClock } from './clockStore';
import { useView } from './viewStore';

interface MachinesState {
  report?: MachinesReport;
  panelOpen: boolean;
  error?: string;
  refresh(): Promise<void>;
  join(names: string[]): Promise<void>;
  split(name: string): Promise<void>;
  setPanelOpen(open: boolean): void;
}

export const useMachines = create<MachinesState>((set, get) => {
  const apply = async (call: () => Promise<MachinesReport>) => {
    try {
      const before = get().report?.version;
      const report = await call();
      set({ report, error: undefined });
      if (before !== undefined && before !== report.version) {
        useView.setState((v) => ({ dataVersion: v.dataVersion + 1 }));
        void useClock.getState().refresh();
      }
    } catch (e) {
      set({ error: e instanceof Error ? e.message : String(e) });
    }
  };
  return {
    panelOpen: false,
    refresh: () => apply(() => getApi().call('machines.list', {})),
    join: (names) => apply(() => getApi().call('machines.join', { names })),
    split: (name) => apply(() => getApi().call('machines.split', { name })),
    setPanelOpen: (panelOpen) => set({ panelOpen }),
  };
});

/** Names come from the loaded files: ask again whenever they change. */
useView.subscribe((s, prev) => {
  // After the views' page requests of the same refresh (their effects run on this change): the
  // host answers pages first either way (call-order.ts), but only those it has already been sent.
  if (s.dataVersion !== prev.dataVersion) setTimeout(() => void useMachines.getState().refresh(), 0);
});
