/** Small display helpers shared by the views. */
import type { RecordLevel } from '../../shared/model';

export { formatBytes } from '../../shared/format';

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
