/** Handlers of the IIS triage channels (shared/channels/iis.ts). */
import type { IisResponses } from '../../../shared/channels/iis';
import type { Session } from '../session';
import { IisViews } from '../iis-views/views';
import type { HandlersFor } from './types';

const bySession = new WeakMap<Session, IisViews>();
/** The IIS view service of a session (one per window or browser host). */
export function iisViews(session: Session): IisViews {
  let v = bySession.get(session);
  if (!v) bySession.set(session, (v = new IisViews(session)));
  return v;
}

export const iisHandlers: HandlersFor<keyof IisResponses> = {
  'iis.overview': (_req, ctx) => iisViews(ctx.session).overview(),
  'iis.timeline': (req, ctx) => iisViews(ctx.session).timeline(req),
  'iis.requests': (req, ctx) => iisViews(ctx.session).requests(req),
  'iis.topUris': (req, ctx) => iisViews(ctx.session).topUris(req),
  'iis.bursts': (req, ctx) => iisViews(ctx.session).bursts(req),
  'iis.request': (req, ctx) => iisViews(ctx.session).request(req),
  'iis.freb': (req, ctx) => iisViews(ctx.session).freb(req),
  'iis.activityRequests': (req, ctx) => iisViews(ctx.session).activityRequests(req),
  'iis.capture': (req, ctx) => iisViews(ctx.session).capture(req),
};
