/**
 * The zone times are shown in (UTC, local, or a named IANA zone): chosen in the toolbar, kept in
 * the settings and in workspaces. Setting it sets the shared formatter's display zone, so every
 * `formatTimeUs` call (every view and column) follows; components that draw outside React's
 * render (d3 axes, the graph canvas) take `useTimeZone()` as a dependency.
 */
import { create } from 'zustand';
import { isZoneChoice, setDisplayZone, ZONE_UTC, type ZoneChoice } from '../../shared/time-zone';
import { saveSettings, useView } from './viewStore';

interface ZoneState {
  zone: ZoneChoice;
  /** Shows times in `zone`; `save` false when it comes from the settings themselves. */
  setZone(zone: ZoneChoice, save?: boolean): void;
}

export const useZoneStore = create<ZoneState>((set) => ({
  zone: ZONE_UTC,
  setZone(zone, save = true) {
    const valid = isZoneChoice(zone) ? zone : ZONE_UTC;
    setDisplayZone(valid);
    set({ zone: valid });
    // A query's times are read in this zone: the lists ask again (a new filter value, the same parts).
    const { filter } = useView.getState();
    if (filter.text?.trim()) useView.setState({ filter: { ...filter } });
    if (save) saveSettings({ timeZone: valid });
  },
}));

/** The display zone, re-rendering the caller when it changes. */
export const useTimeZone = (): ZoneChoice => useZoneStore((s) => s.zone);
