import { useView } from '../viewStore';

/** The activity row at a position of the list as it is now (its GUID and its index in the model), and where the row with `id` is now (-1: gone). */
export type ActivityAt = (position: number, id: string) => Promise<{ row: { id: string; index: number } | undefined; at: number }>;

/**
 * The selected activity (at `from`, with GUID `id`) is now at `position` of the list (followed files
 * grew): the cursor and the Shift anchor move with it at once, so the keyboard and the next growth's
 * anchoring go on from here; then a single selection follows its activity's index (a file that grows
 * before another renumbers the later file's activities). The row and the activity's place come in one
 * answer: if the list grew again in between, the row is read again where it went.
 * (Moving the cursor only after that read lost it for good in that case: the next growth found the
 * cursor where it had never been told to be, and the keyboard went on from the old place.)
 */
export async function keepSelectedActivity(activityAt: ActivityAt, position: number, id: string, from: number): Promise<void> {
  const s = useView.getState();
  if (s.activityCursor !== from) return; // the user moved meanwhile
  useView.setState({ activityCursor: position, anchor: s.anchor >= 0 ? s.anchor + position - from : s.anchor });
  if (s.selected.length !== 1) return;
  for (let at = position, tries = 0; at >= 0 && tries < 5; tries++) {
    const { row, at: now } = await activityAt(at, id);
    const v = useView.getState();
    // Another growth moved the cursor, or the user chose: theirs is the newer word.
    if (v.activityCursor !== position || v.selected.length !== 1 || v.selected[0] !== s.selected[0]) return;
    if (row?.id === id) {
      if (row.index !== s.selected[0]) useView.setState({ selected: [row.index] });
      return;
    }
    at = now;
  }
}
