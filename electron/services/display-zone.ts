/**
 * The zone main-side sentences print times in (follow notes, link reasons): the user's Time choice
 * as the settings keep it. 'local' is this machine's zone (the desktop app and the browser host
 * run beside the window showing them). The settings store registers itself as the source when a
 * host loads it, so the CLI's lean bundles (no settings, no schemas) print UTC.
 */
import { resolveZone, ZONE_UTC, type ZoneChoice } from '../../shared/time-zone';

let readChoice: () => ZoneChoice | undefined = () => undefined;

/** Where the user's Time choice is read (electron/services/settings.ts). */
export function readSentenceZoneFrom(read: () => ZoneChoice | undefined): void {
  readChoice = read;
}

/** An IANA name or 'UTC'; UTC when the settings cannot be read. */
export function sentenceZone(): string {
  try {
    return resolveZone(readChoice() ?? ZONE_UTC);
  } catch {
    return ZONE_UTC;
  }
}
