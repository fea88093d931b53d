/** Small display helpers shared by the views. */
import type { RecordLevel } from '../../shared/model';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

export const formatCount = (n: number): string => n.toLocaleString('en-US');

export const LEVEL_GLYPH: Record<RecordLevel, string> = {
  critical: '‼',
  error: '✖',
  warning: '⚠',
  info: 'ℹ',
  verbose: '·',
};

export const LEVEL_LABEL: Record<RecordLevel, string> = {
  critical: 'Critical',
  error: 'Error',
  warning: 'Warning',
  info: 'Information',
  verbose: 'Verbose',
};
