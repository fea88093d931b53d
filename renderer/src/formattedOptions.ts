/** STV's Formatted-tab options ("show basic / diagnostics information"), kept in the settings. */
import { create } from 'zustand';
import { saveSettings } from './viewStore';

export interface FormattedOptions {
  basic: boolean;
  diagnostics: boolean;
}

export const useFormattedOptions = create<FormattedOptions & { set(patch: Partial<FormattedOptions>, save?: boolean): void }>((set, get) => ({
  basic: true,
  diagnostics: true,
  set(patch, save = true) {
    set(patch);
    if (save) saveSettings({ formatted: { basic: get().basic, diagnostics: get().diagnostics } });
  },
}));
