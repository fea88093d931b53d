/**
 * The clock as the renderer sees it: the main side's skew report (mode, offsets, conflicts) and
 * the edits. Every edit re-times every list on the main side, so the views' cached pages are
 * dropped (dataVersion, recordsVersion) and the current trace is located again.
 */
import { create } from 'zustand';
import type { ClockMode, SkewReport } from '../../shared/channels/skew';
import { getApi } from './api';
import { useStore } from './store';
import { useView } from './viewStore';

interface ClockState {
  report?: SkewReport;
  panelOpen: boolean;
  error?: string;
  refresh(): Promise<void>;
  setMode(mode: ClockMode): Promise<void>;
  setOverride(computer: string, offsetMs: number): Promise<void>;
  resetOverride(computer?: string): Promise<void>;
  setReference(computer?: string): Promise<void>;
  setPanelOpen(open: boolean): void;
}

/** After the clock changed: every list reloads its pages, and the current trace keeps its place. */
function retime(): void {
  useView.setState((v) => ({ dataVersion: v.dataVersion + 1 }));
  useStore.setState((s) => ({ recordsVersion: s.recordsVersion + 1 }));
  const current = useView.getState().current;
  if (current && current.activity >= 0) void useView.getState().goTo(current).catch(() => undefined);
}

export const useClock = create<ClockState>((set, get) => {
  const apply = async (call: () => Promise<SkewReport>) => {
    try {
      const before = get().report?.clockVersion;
      const report = await call();
      set({ report, error: undefined });
      if (before !== undefined && before !== report.clockVersion) retime();
    } catch (e) {
      set({ error: e instanceof Error ? e.message : String(e) });
    }
  };
  return {
    panelOpen: false,
    refresh: () => apply(() => getApi().call('skew.report', {})),
    setMode: (mode) => apply(() => getApi().call('skew.setMode', { mode })),
    setOverride: (computer, offsetMs) => apply(() => getApi().call('skew.setOverride', { computer, offsetMs })),
    resetOverride: (computer) => apply(() => getApi().call('skew.resetOverride', computer ? { computer } : {})),
    setReference: (computer) => apply(() => getApi().call('skew.setReference', computer ? { computer } : {})),
    setPanelOpen: (panelOpen) => set({ panelOpen }),
  };
});

/** The solver's answer depends on the loaded files: ask again whenever they change. */
useView.subscribe((s, prev) => {
  // After the views' page requests of the same refresh (their effects run on this change): the
  // host answers pages first either way (call-order.ts), but only those it has already been sent.
  if (s.dataVersion !== prev.dataVersion) setTimeout(() => void useClock.getState().refresh(), 0);
});
