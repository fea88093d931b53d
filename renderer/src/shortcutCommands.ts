/**
 * The commands behind the shortcuts that have a name in shared/shortcuts.ts: the window's key
 * handler and the desktop Go menu both run them here.
 */
import type { ShortcutCommand } from '../../shared/shortcuts';
import { getApi } from './api';
import { openInGraph } from './rowActions';
import { useStore } from './store';
import { ALL_LEVELS, ERRORS_AND_WARNINGS, useView } from './viewStore';

/** F5: reads again the files that changed on disk since they loaded. */
async function refresh(): Promise<void> {
  const notify = useStore.getState().notify;
  const changed = (await getApi().call('files.diskStatus', {})).filter((f) => f.changed);
  if (!changed.length) return notify('No file changed on disk since it was loaded.');
  for (const f of changed) await getApi().call('files.reload', { fileId: f.fileId });
}

export function runShortcut(id: ShortcutCommand): void {
  const v = useView.getState();
  const fail = (e: unknown) => useStore.getState().notify(e instanceof Error ? e.message : String(e));
  const c = v.current;
  switch (id) {
    case 'find':
      return v.setFind({ open: true });
    case 'find-next':
    case 'find-previous':
      if (!v.find.open && !v.find.text) return v.setFind({ open: true });
      return void v.stepFind(id === 'find-next' ? 1 : -1).catch(fail);
    case 'follow-transfer':
      return void v.followTransfer().catch(fail);
    case 'next-trace':
      return void v.step('next').catch(fail);
    case 'previous-trace':
      return void v.step('previous').catch(fail);
    case 'back':
      return v.back();
    case 'forward':
      return v.forward();
    case 'errors-warnings': {
      const on = (v.filter.levels ?? []).length === ERRORS_AND_WARNINGS.length && ERRORS_AND_WARNINGS.every((l) => v.filter.levels?.includes(l));
      return v.setFilter({ levels: on ? ALL_LEVELS : ERRORS_AND_WARNINGS });
    }
    case 'next-transfer':
      return void v.stepTransfer('next').catch(fail);
    case 'previous-transfer':
      return void v.stepTransfer('previous').catch(fail);
    case 'view-activities':
      return v.setLeftTab('activities');
    case 'view-messages':
      return v.setLeftTab('messages');
    case 'view-records':
      return v.setLeftTab('records');
    case 'view-graph':
      return v.setLeftTab('graph');
    case 'graph':
      if (c && c.activity >= 0) return void openInGraph(c).catch(fail);
      return v.setLeftTab('graph');
    case 'refresh':
      return void refresh().catch(fail);
    case 'toggle-bookmark':
      if (c && c.activity >= 0) v.toggleBookmark({ fileId: c.fileId, index: c.index, timeUs: c.timeUs ?? 0 });
      return;
    case 'next-bookmark':
      return void v.stepBookmark(1).catch(fail);
    case 'previous-bookmark':
      return void v.stepBookmark(-1).catch(fail);
  }
}
