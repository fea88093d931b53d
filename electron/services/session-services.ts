/**
 * The services of one session, created together with it: the clock, the machine identities, the
 * Service Trace Viewer views, the IIS triage views, and the workspace last opened. The session owns
 * them (`session.services`) and the dispatcher hands them to every handler (`ctx.services`), so
 * no service is found through a module-level map and a test's session gets fresh ones.
 */
import type { OpenedWorkspace } from '../../shared/channels/files-io';
import { ClockService } from './clock/service';
import { IisViews } from './iis-views/views';
import { Machines } from './machines/machines';
import type { Session } from './session';
import { SvclogViews } from './svclog-views/views';

export class SessionServices {
  readonly machines: Machines;
  /** Joined trace Computers are one machine with one clock: the clock asks the machines. */
  readonly clock: ClockService;
  readonly svclogViews: SvclogViews;
  readonly iisViews: IisViews;
  /** The workspace last opened, so a page that connects later can still apply it (workspace-state.ts). */
  workspace: OpenedWorkspace | null = null;

  constructor(session: Session) {
    this.machines = new Machines(session);
    this.clock = new ClockService(() => this.machines.identity());
    this.svclogViews = new SvclogViews(session);
    this.iisViews = new IisViews(session);
  }
}
