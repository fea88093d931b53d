/** Handlers of the clock-skew and graph channels (shared/channels/skew.ts). */
import type { SkewReport, SkewResponses } from '../../../shared/channels/skew';
import type { ClockService } from '../clock/service';
import { graphData } from '../graph/graph-data';
import type { SessionServices } from '../session-services';
import type { HandlersFor } from './types';

/** Applies an edit to the session's clock and answers the new report. */
function edit(services: SessionServices, change: (clock: ClockService) => void): SkewReport {
  change(services.clock);
  return services.clock.report(services.svclogViews.view().index);
}

export const skewHandlers: HandlersFor<keyof SkewResponses> = {
  'skew.report': (_req, ctx) => edit(ctx.services, () => undefined),
  'skew.setOverride': (req, ctx) => edit(ctx.services, (c) => c.state.setOverride(req.computer, req.offsetMs)),
  'skew.resetOverride': (req, ctx) => edit(ctx.services, (c) => c.state.resetOverride(req.computer)),
  'skew.setReference': (req, ctx) => edit(ctx.services, (c) => c.state.setReference(req.computer)),
  'skew.setMode': (req, ctx) => edit(ctx.services, (c) => c.state.setMode(req.mode)),
  'skew.restore': (req, ctx) => edit(ctx.services, (c) => c.state.restore(req)),
  'graph.data': (req, ctx) => graphData(ctx.session, req),
};
