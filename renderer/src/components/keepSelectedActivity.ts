import { useView } from '../viewStore';

/** The activity row at a position of the list as it is now (its GUID and its index in the model). */
export type ActivityAt = (position: number) => Promise<{ id: string; index: number } | undefined>;

/**
 * The selected activity (at `from`, with GUID `id`) is now at `position` of the list (followed files
 * grew): the cursor and the Shift anchor move with it at once, so the keyboard and the next growth's
 * anchoring go on from here; then a single selection follows its activity's index (a file that grows
 * before another renumbers the later file's activities). If the list grew again before that row came
 * back, the row there is another one and the index is left for the next growth's anchoring to fix.
 * (Moving the cursor only after that read lost it for good in that case: the next growth found the
 * cursor where it had never been told to be, and the keyboard went on from the old place.)
 */
export async function keepSelectedActivity(activityAt: ActivityAt, position: number, id: string, from: number): Promise<void> {
  const s = useView.getState();
  if (s.activityCursor !== from) return; // the user moved meanwhile
  useView.setState({ activityCursor: position, anchor: s.anchor >= 0 ? s.anchor + position - from : s.anchor });
  if (s.selected.length !== 1) return;
  const row = await activityAt(position);
  const now = useView.getState();
  if (row?.id === id && now.activityCursor === position && now.selected.length === 1 && now.selected[0] === s.selected[0]) useView.setState({ selected: [row.index] });
}
