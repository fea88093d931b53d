/** Handlers of the live follow channels (shared/channels/follow.ts). */
import { isAbsolute, resolve } from 'node:path';
import type { FollowResponses } from '../../../shared/channels/follow';
import { ServiceError } from '../errors';
import { liveFollow } from '../follow/live-follow';
import type { HandlersFor } from './types';

export const followHandlers: HandlersFor<keyof FollowResponses> = {
  'follow.state': (_req, ctx) => liveFollow(ctx.session).state(),
  'follow.set': (req, ctx) => liveFollow(ctx.session).set(req.on),
  async 'follow.folder'(req, ctx) {
    if (!isAbsolute(req.path)) throw new ServiceError('invalid-request', `Give the folder's full path (${req.path} is relative).`);
    try {
      return await liveFollow(ctx.session).followFolder(resolve(req.path));
    } catch (e) {
      throw new ServiceError('not-found', e instanceof Error ? e.message : String(e));
    }
  },
  'follow.unfolder': (req, ctx) => liveFollow(ctx.session).unfolder(resolve(req.path)),
};
