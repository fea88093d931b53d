/** Handlers of the IIS triage channels (shared/channels/iis.ts). */
import type { IisResponses } from '../../../shared/channels/iis';
import type { HandlersFor } from './types';

export const iisHandlers: HandlersFor<keyof IisResponses> = {
  'iis.overview': (_req, ctx) => ctx.services.iisViews.overview(),
  'iis.timeline': (req, ctx) => ctx.services.iisViews.timeline(req),
  'iis.requests': (req, ctx) => ctx.services.iisViews.requests(req),
  'iis.topUris': (req, ctx) => ctx.services.iisViews.topUris(req),
  'iis.bursts': (req, ctx) => ctx.services.iisViews.bursts(req),
  'iis.request': (req, ctx) => ctx.services.iisViews.request(req),
  'iis.freb': (req, ctx) => ctx.services.iisViews.freb(req),
  'iis.activityRequests': (req, ctx) => ctx.services.iisViews.activityRequests(req),
  'iis.capture': (req, ctx) => ctx.services.iisViews.capture(req),
};
