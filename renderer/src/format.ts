/** Small display helpers shared by the views. */
import type { RecordLevel } from '../../shared/model';

export { formatBytes } from '../../shared/format';

export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** Level icons are drawn by components/LevelIcon.tsx (SVG): font glyphs were missing on Linux. */
export const LEVEL_LABEL: Record<RecordLevel, string> = {
  critical: 'Critical',
  error: 'Error',
  warning: 'Warning',
  info: 'Information',
  verbose: 'Verbose',
};
