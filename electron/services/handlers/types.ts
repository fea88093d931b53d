/** What every channel handler gets, and the typed shape of a domain's handler map. */
import type { AppInfo, Channel, RequestOf, ResponseOf } from '../../../shared/contract';
import type { Session } from '../session';
import type { OutputSink } from '../output';
import type { SessionServices } from '../session-services';
import type { UploadStore } from '../uploads';

export interface DispatchContext {
  session: Session;
  appInfo: AppInfo;
  /** Present in the browser host only. */
  uploads?: UploadStore;
  /** Where exports and saved workspaces go (a save dialog, or downloads in the browser host). */
  output?: OutputSink;
  /** Where refused calls are logged (tests capture it). */
  log?: (message: string) => void;
}

/** A handler's context: the transport's, plus the session's services (created with the session). */
export interface HandlerContext extends DispatchContext {
  services: SessionServices;
}

export type Handler<C extends Channel> = (req: RequestOf<C>, ctx: HandlerContext) => ResponseOf<C> | Promise<ResponseOf<C>>;

/** Handlers for a subset of channels (one domain); dispatch.ts merges them into the full map. */
export type HandlersFor<K extends Channel> = { [C in K]: Handler<C> };
export type Handlers = HandlersFor<Channel>;
