/** svclog levels and SubTypes as names, and their mapping onto the generic record levels. */
import type { RecordLevel } from '../../../shared/model';

/** Level element value → name, for the levels the summary counts (255 = activity tracing is not a severity). */
export const LEVEL_NAMES: Readonly<Record<number, string>> = { 1: 'Critical', 2: 'Error', 4: 'Warning', 8: 'Information', 16: 'Verbose' };

export function recordLevel(level: number): RecordLevel {
  switch (level) {
    case 1:
      return 'critical';
    case 2:
      return 'error';
    case 4:
      return 'warning';
    case 8:
    case 0:
      return 'info';
    default:
      // 16 Verbose, and 255 (Start/Stop/Transfer/Suspend/Resume: activity tracing).
      return 'verbose';
  }
}

/** Severity rank for "worst level": lower is worse; activity tracing and unknown rank last. */
export function severityRank(level: number): number {
  return level >= 1 && level <= 16 ? level : 1000;
}
