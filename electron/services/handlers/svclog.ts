/** Handlers of the Service Trace Viewer channels (shared/channels/svclog.ts). */
import type { SvclogResponses } from '../../../shared/channels/svclog';
import { withEventLogFacets } from '../evtx-facets';
import { filterStatus } from '../filter/records';
import { machines } from '../machines/machines';
import { settingsStore } from '../settings';
import { diskStatus } from '../svclog-views/disk-status';
import { svclogViews } from '../svclog-views/views';
import type { HandlersFor } from './types';

export const svclogHandlers: HandlersFor<keyof SvclogResponses> = {
  'svclog.filterOptions': (_req, ctx) => {
    const options = withEventLogFacets(svclogViews(ctx.session).filterOptions(), ctx.session.visible());
    return { ...options, hosts: machines(ctx.session).recordHosts(options.hosts) };
  },
  'svclog.activities': (req, ctx) => svclogViews(ctx.session).activities(req),
  'svclog.traces': (req, ctx) => svclogViews(ctx.session).traces(req),
  'svclog.messages': (req, ctx) => svclogViews(ctx.session).messages(req),
  'svclog.traceList': (req, ctx) => svclogViews(ctx.session).traceListPage(req),
  'svclog.messageList': (req, ctx) => svclogViews(ctx.session).messageListPage(req),
  'svclog.locate': (req, ctx) => svclogViews(ctx.session).locate(req),
  'svclog.stepTransfer': (req, ctx) => svclogViews(ctx.session).stepTransfer(req),
  'svclog.activityOf': (req, ctx) => svclogViews(ctx.session).activityOf(req),
  'svclog.find': (req, ctx) => svclogViews(ctx.session).find(req),
  'svclog.followTransfer': (req, ctx) => svclogViews(ctx.session).followTransfer(req),
  'svclog.step': (req, ctx) => svclogViews(ctx.session).step(req),
  'svclog.activityById': (req, ctx) => svclogViews(ctx.session).activityById(req),
  'filter.status': (req, ctx) => filterStatus(ctx.session, req.filter),
  'filter.cancel': (_req, ctx) => svclogViews(ctx.session).cancelScans(),
  'files.diskStatus': (_req, ctx) => diskStatus(ctx.session),
  'settings.get': () => settingsStore().get(),
  'settings.set': (req) => settingsStore().set(req.patch),
};
