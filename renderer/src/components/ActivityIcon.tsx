import type { ActivityType } from '../../../shared/channels/svclog';

const LABEL: Record<ActivityType, string> = {
  root: 'Root activity',
  listenAt: 'Listen at',
  receiveBytes: 'Receive bytes',
  processMessage: 'Process message',
  processAction: 'Process action',
  executeUserCode: 'Execute user code',
  construct: 'Construct',
  open: 'Open',
  close: 'Close',
  plain: 'Activity',
};

/** One small SVG per activity type, drawn in currentColor (no images, nothing from the file). */
function shape(type: ActivityType) {
  switch (type) {
    case 'root':
      return <path d="M8 2 L14 8 L8 14 L2 8 Z" />;
    case 'listenAt':
      return (
        <>
          <circle cx="8" cy="8" r="2" />
          <path d="M4 4 A6 6 0 0 0 4 12 M12 4 A6 6 0 0 1 12 12" fill="none" strokeWidth="1.5" stroke="currentColor" />
        </>
      );
    case 'receiveBytes':
      return <path d="M2 3 H14 V6 H2 Z M2 7 H14 V10 H2 Z M6 11 H10 L8 14 Z" />;
    case 'processMessage':
      return <path d="M2 4 H14 V12 H2 Z M2 4 L8 9 L14 4" fill="none" strokeWidth="1.5" stroke="currentColor" />;
    case 'processAction':
      return <path d="M3 2 L13 8 L3 14 Z" />;
    case 'executeUserCode':
      return <path d="M6 3 L2 8 L6 13 M10 3 L14 8 L10 13" fill="none" strokeWidth="1.8" stroke="currentColor" />;
    case 'construct':
      return <path d="M3 13 L9 7 M8 3 L13 8 L11 10 L6 5 Z" fill="none" strokeWidth="1.6" stroke="currentColor" />;
    case 'open':
      return <path d="M3 3 H9 V13 H3 Z M9 8 H14 M11 5 L14 8 L11 11" fill="none" strokeWidth="1.5" stroke="currentColor" />;
    case 'close':
      return <path d="M3 3 L13 13 M13 3 L3 13" fill="none" strokeWidth="2" stroke="currentColor" />;
    default:
      return <circle cx="8" cy="8" r="4" />;
  }
}

export function ActivityIcon({ type }: { type: ActivityType }) {
  return (
    <svg className={`act-icon act-${type}`} viewBox="0 0 16 16" width="14" height="14" fill="currentColor" role="img" aria-label={LABEL[type]} data-type={type}>
      <title>{LABEL[type]}</title>
      {shape(type)}
    </svg>
  );
}
