/** Handlers of the Service Trace Viewer channels (shared/channels/svclog.ts). */
import type { SvclogResponses } from '../../../shared/channels/svclog';
import { withEventLogFacets } from '../evtx-facets';
import { filterStatus } from '../filter/records';
import { settingsStore } from '../settings';
import { diskStatus } from '../svclog-views/disk-status';
import type { HandlersFor } from './types';

export const svclogHandlers: HandlersFor<keyof SvclogResponses> = {
  'svclog.filterOptions': (_req, ctx) => {
    const options = withEventLogFacets(ctx.services.svclogViews.filterOptions(), ctx.session.visible());
    return { ...options, hosts: ctx.services.machines.recordHosts(options.hosts) };
  },
  'svclog.activities': (req, ctx) => ctx.services.svclogViews.activities(req),
  'svclog.traces': (req, ctx) => ctx.services.svclogViews.traces(req),
  'svclog.messages': (req, ctx) => ctx.services.svclogViews.messages(req),
  'svclog.traceList': (req, ctx) => ctx.services.svclogViews.traceListPage(req),
  'svclog.messageList': (req, ctx) => ctx.services.svclogViews.messageListPage(req),
  'svclog.locate': (req, ctx) => ctx.services.svclogViews.locate(req),
  'svclog.stepTransfer': (req, ctx) => ctx.services.svclogViews.stepTransfer(req),
  'svclog.activityOf': (req, ctx) => ctx.services.svclogViews.activityOf(req),
  'svclog.find': (req, ctx) => ctx.services.svclogViews.find(req),
  'svclog.followTransfer': (req, ctx) => ctx.services.svclogViews.followTransfer(req),
  'svclog.step': (req, ctx) => ctx.services.svclogViews.step(req),
  'svclog.activityById': (req, ctx) => ctx.services.svclogViews.activityById(req),
  'filter.status': (req, ctx) => filterStatus(ctx.session, req.filter),
  'filter.cancel': (_req, ctx) => ctx.services.svclogViews.cancelScans(),
  'files.diskStatus': (_req, ctx) => diskStatus(ctx.session),
  'settings.get': () => settingsStore().get(),
  'settings.set': (req) => settingsStore().set(req.patch),
  'settings.addRecent': (req) => settingsStore().addRecent(req.paths),
};
