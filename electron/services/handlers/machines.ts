/** Handlers of the machines channels (shared/channels/machines.ts). */
import type { MachinesReport, MachinesResponses } from '../../../shared/channels/machines';
import type { Machines } from '../machines/machines';
import type { SessionServices } from '../session-services';
import type { HandlersFor } from './types';

function edit(services: SessionServices, change: (m: Machines) => void): MachinesReport {
  const m = services.machines;
  change(m);
  return m.report();
}

export const machinesHandlers: HandlersFor<keyof MachinesResponses> = {
  'machines.list': (_req, ctx) => edit(ctx.services, () => undefined),
  'machines.join': (req, ctx) => edit(ctx.services, (m) => m.state.join(req.names)),
  'machines.split': (req, ctx) => edit(ctx.services, (m) => m.state.split(req.name)),
  'machines.restore': (req, ctx) => edit(ctx.services, (m) => m.state.restore(req.groups)),
};
