/** Handlers of the machines channels (shared/channels/machines.ts). */
import type { MachinesReport, MachinesResponses } from '../../../shared/channels/machines';
import { machines, type Machines } from '../machines/machines';
import type { Session } from '../session';
import type { HandlersFor } from './types';

function edit(session: Session, change: (m: Machines) => void): MachinesReport {
  const m = machines(session);
  change(m);
  return m.report();
}

export const machinesHandlers: HandlersFor<keyof MachinesResponses> = {
  'machines.list': (_req, ctx) => edit(ctx.session, () => undefined),
  'machines.join': (req, ctx) => edit(ctx.session, (m) => m.state.join(req.names)),
  'machines.split': (req, ctx) => edit(ctx.session, (m) => m.state.split(req.name)),
  'machines.restore': (req, ctx) => edit(ctx.session, (m) => m.state.restore(req.groups)),
};
