/** Handlers of the clock-skew and graph channels (shared/channels/skew.ts). */
import type { SkewReport, SkewResponses } from '../../../shared/channels/skew';
import { clockService } from '../clock/service';
import { graphData } from '../graph/graph-data';
import type { Session } from '../session';
import { svclogViews } from '../svclog-views/views';
import type { HandlersFor } from './types';

/** Applies an edit to the session's clock and answers the new report. */
function edit(session: Session, change: (clock: ReturnType<typeof clockService>) => void): SkewReport {
  const clock = clockService(session);
  change(clock);
  return clock.report(svclogViews(session).view().index);
}

export const skewHandlers: HandlersFor<keyof SkewResponses> = {
  'skew.report': (_req, ctx) => edit(ctx.session, () => undefined),
  'skew.setOverride': (req, ctx) => edit(ctx.session, (c) => c.state.setOverride(req.computer, req.offsetMs)),
  'skew.resetOverride': (req, ctx) => edit(ctx.session, (c) => c.state.resetOverride(req.computer)),
  'skew.setReference': (req, ctx) => edit(ctx.session, (c) => c.state.setReference(req.computer)),
  'skew.setMode': (req, ctx) => edit(ctx.session, (c) => c.state.setMode(req.mode)),
  'skew.restore': (req, ctx) => edit(ctx.session, (c) => c.state.restore(req)),
  'graph.data': (req, ctx) => graphData(ctx.session, req),
};
