/** Opening a WCF activity from elsewhere (an IIS request, an event-log record's ActivityID). */
import { getApi } from './api';
import { useIis } from './iisStore';
import { useStore } from './store';
import { effectiveFilter, useView } from './viewStore';

const NO_FILTER = { levels: undefined, sources: undefined, processes: undefined, hosts: undefined, fromUs: undefined, toUs: undefined, text: undefined, custom: undefined };

/**
 * Opens an activity in the Traces view, on its first trace. When the filter hides it (say, it is
 * set to an event-log provider), the filter is cleared and the user told so, rather than opening
 * nothing.
 */
export async function openActivity(first: { fileId: string; index: number }): Promise<void> {
  const ask = () => {
    const v = useView.getState();
    return getApi().call('svclog.activityOf', { ...first, filter: effectiveFilter(v.filter), sortBy: v.sort.by, descending: v.sort.descending });
  };
  let where = await ask();
  if (where.position < 0 && effectiveFilter(useView.getState().filter)) {
    useView.getState().setFilter(NO_FILTER);
    useStore.getState().notify('The filter hid this activity; it was cleared to show it.');
    where = await ask();
  }
  useIis.getState().setView('traces');
  await useView.getState().goTo({ ...first, activity: where.activity }, { tab: 'activities', replace: true });
}
