/** Handlers of the core channels (shared/channels/core.ts). */
import type { CoreResponses } from '../../../shared/channels/core';
import { ServiceError } from '../errors';
import { filteredRecordPage } from '../filter/records';
import { changedOnDisk } from '../svclog-views/disk-status';
import type { HandlersFor } from './types';

export const coreHandlers: HandlersFor<keyof CoreResponses> = {
  'app.info': (_req, ctx) => ctx.appInfo,
  'files.list': (_req, ctx) => ctx.session.list(),
  'files.open': (req, ctx) => ctx.session.open(req.paths.map((path) => ({ path }))),
  'files.openUpload': (req, ctx) => {
    if (!ctx.uploads) throw new ServiceError('unsupported', 'Uploads exist only in the browser host.');
    return ctx.session.open([{ path: ctx.uploads.pathOf(req.uploadId), name: req.name }])[0];
  },
  'files.cancel': (req, ctx) => ctx.session.cancel(req.fileId),
  'files.remove': (req, ctx) => ctx.session.remove(req.fileId),
  'files.reload': (req, ctx) => ctx.session.reload(req.fileId),
  'files.setFields': (req, ctx) => ctx.session.setFields(req.fileId, req.fields),
  'files.problems': (req, ctx) => ctx.session.problems(req.fileId, req.offset, req.limit),
  'records.page': (req, ctx) => filteredRecordPage(ctx.session, req.filter, req.offset, req.limit, req.soFar, req.anchors),
  async 'records.detail'(req, ctx) {
    // A record is re-read from its byte range: after the file changed those bytes may be another record.
    const info = ctx.session.list().find((f) => f.id === req.fileId);
    // A followed file only grows (a truncated or replaced one is read again), so its records stay where they were.
    if (info && info.live !== 'following' && (await changedOnDisk(ctx.session, info))) {
      throw new ServiceError('not-found', `${info.name} changed on disk after it was loaded; reload it to read this record.`);
    }
    return ctx.session.detail(req.fileId, req.index);
  },
};
