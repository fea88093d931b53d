/**
 * The zone main-side sentences print times in (follow notes, link reasons): the user's Time choice
 * as the settings keep it. 'local' is this machine's zone (the desktop app and the browser host
 * run beside the window showing them).
 */
import { resolveZone, ZONE_UTC } from '../../shared/time-zone';
import { settingsStore } from './settings';

/** An IANA name or 'UTC'; UTC when the settings cannot be read. */
export function sentenceZone(): string {
  try {
    return resolveZone(settingsStore().get().timeZone ?? ZONE_UTC);
  } catch {
    return ZONE_UTC;
  }
}
