/**
 * The one place where a contract call becomes a service call. Both transports (Electron IPC and
 * the browser host's WebSocket) pass untrusted input here: the channel name and payload are checked
 * against shared/contract.ts, and every failure comes back as a typed ContractError, never a throw.
 */
import { isChannel, requestSchemas, type AppInfo, type Channel, type RequestOf, type ResponseOf, type Result } from '../../shared/contract';
import { ServiceError } from './errors';
import type { Session } from './session';
import type { UploadStore } from './uploads';

export interface DispatchContext {
  session: Session;
  appInfo: AppInfo;
  /** Present in the browser host only. */
  uploads?: UploadStore;
  /** Where refused calls are logged (tests capture it). */
  log?: (message: string) => void;
}

type Handlers = { [C in Channel]: (req: RequestOf<C>, ctx: DispatchContext) => ResponseOf<C> | Promise<ResponseOf<C>> };

const handlers: Handlers = {
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
  'files.problems': (req, ctx) => ctx.session.problems(req.fileId, req.offset, req.limit),
  'records.page': (req, ctx) => ctx.session.page(req.offset, req.limit),
  'records.detail': (req, ctx) => ctx.session.detail(req.fileId, req.index),
};

export async function dispatch(channel: unknown, payload: unknown, ctx: DispatchContext): Promise<Result<unknown>> {
  const log = ctx.log ?? ((m: string) => console.warn(m));
  if (!isChannel(channel)) {
    const name = typeof channel === 'string' ? channel.slice(0, 80) : typeof channel;
    log(`TraceLens: refused call to unknown channel ${JSON.stringify(name)}`);
    return { ok: false, error: { code: 'unknown-channel', message: `Unknown channel ${JSON.stringify(name)}.` } };
  }
  const parsed = requestSchemas[channel].safeParse(payload ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    const message = `Invalid request for ${channel}${where}: ${issue?.message ?? 'does not match the contract'}.`;
    log(`TraceLens: refused ${message}`);
    return { ok: false, error: { code: 'invalid-request', message } };
  }
  try {
    const handler = handlers[channel] as (req: unknown, ctx: DispatchContext) => unknown;
    return { ok: true, value: await handler(parsed.data, ctx) };
  } catch (e) {
    if (e instanceof ServiceError) return { ok: false, error: e.toContract() };
    log(`TraceLens: ${channel} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return { ok: false, error: { code: 'internal', message: `${channel} failed: ${e instanceof Error ? e.message : String(e)}` } };
  }
}
