/**
 * Group By for the trace list and the Messages tab: a list of items (global events or message
 * numbers) in display order becomes a flat list of group headers and their members, groups in the
 * order their first member appears. Headers are negative entries (-1 - header number), so paging
 * stays one slice of one Int32Array and collapsed groups keep only their header.
 */
import type { GroupRow } from '../../../shared/channels/svclog';

export interface Grouped {
  /** Items (>= 0) and headers (-1 - h) in display order. */
  list: Int32Array;
  headers: GroupRow['group'][];
}

/** Groups `items` by `keyOf` (stable: members keep their order); `labelOf` names a group from its first member. */
export function groupItems(items: ArrayLike<number>, keyOf: (x: number) => string, labelOf: (x: number) => string, collapsed: ReadonlySet<string>): Grouped {
  const byKey = new Map<string, number[]>();
  for (let i = 0; i < items.length; i++) {
    const k = keyOf(items[i]);
    const members = byKey.get(k);
    if (members) members.push(items[i]);
    else byKey.set(k, [items[i]]);
  }
  const headers: GroupRow['group'][] = [];
  let size = 0;
  for (const [key, members] of byKey) size += 1 + (collapsed.has(key) ? 0 : members.length);
  const list = new Int32Array(size);
  let k = 0;
  for (const [key, members] of byKey) {
    const shut = collapsed.has(key);
    headers.push({ key, label: labelOf(members[0]), count: members.length, collapsed: shut });
    list[k++] = -headers.length;
    if (!shut) for (const m of members) list[k++] = m;
  }
  return { list, headers };
}

/** A list without groups in the same shape. */
export const ungrouped = (items: Int32Array): Grouped => ({ list: items, headers: [] });

/** A cache key part for a set of collapsed groups. */
export function collapsedKey(collapsed: readonly string[] | undefined): string {
  return collapsed?.length ? [...collapsed].sort().join('\u0001') : '';
}
