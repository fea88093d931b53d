/** The activity table's icon kind, read from the name WCF gives its activities ("Listen at '…'", "Execute '…'"). */
import type { ActivityType } from '../../../shared/channels/svclog';

const RULES: readonly [RegExp, ActivityType][] = [
  [/^listen at\b/i, 'listenAt'],
  [/^receive bytes\b/i, 'receiveBytes'],
  [/^process(ing)? message\b/i, 'processMessage'],
  [/^process action\b/i, 'processAction'],
  [/^execute\b/i, 'executeUserCode'],
  [/^construct\b/i, 'construct'],
  [/^open\b/i, 'open'],
  [/^close\b/i, 'close'],
];

export function activityType(name: string, isRoot: boolean): ActivityType {
  if (isRoot) return 'root';
  for (const [re, type] of RULES) if (re.test(name)) return type;
  return 'plain';
}
