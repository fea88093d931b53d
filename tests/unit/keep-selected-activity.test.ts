/**
 * While followed files grow, the selected activity's cursor follows its row even when the list
 * grows again before the row's index comes back (a race seen under load: the keyboard then went
 * on from the selection's old place).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { keepSelectedActivity, type ActivityAt } from '../../renderer/src/components/keepSelectedActivity';
import { useView } from '../../renderer/src/viewStore';

/** The list as the main side holds it now: GUIDs in order, each activity's index in the model. */
let list: { id: string; index: number }[] = [];
const activityAt: ActivityAt = async (position, id) => ({ row: list[position], at: list.findIndex((a) => a.id === id) });
const grow = (above: number) => (list = [...Array.from({ length: above }, (_, k) => ({ id: `new-${list.length + k}`, index: 1000 + list.length + k })), ...list]);

describe('keepSelectedActivity', () => {
  beforeEach(() => {
    list = Array.from({ length: 50 }, (_, k) => ({ id: `a${k}`, index: k }));
    useView.setState({ activityCursor: 30, selected: [30], anchor: 30 });
  });

  it('moves the cursor, the Shift anchor and the selected index with the row', async () => {
    grow(3);
    await keepSelectedActivity(activityAt, 33, 'a30', 30);
    expect(useView.getState()).toMatchObject({ activityCursor: 33, anchor: 33, selected: [30] });
  });

  it('keeps the cursor with its row when the list grows again before the row comes back', async () => {
    grow(3);
    // The list grows again between the anchors' answer (33) and the row's read.
    grow(2);
    await keepSelectedActivity(activityAt, 33, 'a30', 30);
    expect(useView.getState().activityCursor).toBe(33);
    // The next growth's anchoring moves it from where it was told it is.
    grow(0);
    await keepSelectedActivity(activityAt, 35, 'a30', 33);
    expect(useView.getState()).toMatchObject({ activityCursor: 35, anchor: 35, selected: [30] });
  });

  it('reads the row again where it went when the list grew again, and follows its new index', async () => {
    grow(3);
    grow(2);
    // A file before this one grew too: the selected activity's index in the model is now 41.
    list = list.map((a) => (a.id === 'a30' ? { ...a, index: 41 } : a));
    await keepSelectedActivity(activityAt, 33, 'a30', 30);
    expect(useView.getState()).toMatchObject({ activityCursor: 33, selected: [41] });
  });

  it('leaves a selection the user moved meanwhile', async () => {
    useView.setState({ activityCursor: 31, selected: [31], anchor: 31 });
    grow(3);
    await keepSelectedActivity(activityAt, 33, 'a30', 30);
    expect(useView.getState()).toMatchObject({ activityCursor: 31, selected: [31] });
  });
});
