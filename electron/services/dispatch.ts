/**
 * The one place where a contract call becomes a service call. Both transports (Electron IPC and
 * the browser host's WebSocket) pass untrusted input here: the channel name and payload are checked
 * against shared/contract.ts, and every failure comes back as a typed ContractError, never a throw.
 */
import { isChannel, requestSchemas, type Result } from '../../shared/contract';
import { ServiceError } from './errors';
import type { DispatchContext, HandlerContext, Handlers } from './handlers/types';
import { coreHandlers } from './handlers/core';
import { filesIoHandlers } from './handlers/files-io';
import { svclogHandlers } from './handlers/svclog';
import { skewHandlers } from './handlers/skew';
import { machinesHandlers } from './handlers/machines';
import { iisHandlers } from './handlers/iis';
import { customFilterHandlers } from './handlers/custom-filters';
import { followHandlers } from './handlers/follow';

export type { DispatchContext } from './handlers/types';

const handlers: Handlers = {
  ...coreHandlers,
  ...filesIoHandlers,
  ...svclogHandlers,
  ...skewHandlers,
  ...machinesHandlers,
  ...iisHandlers,
  ...customFilterHandlers,
  ...followHandlers,
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
    const handler = handlers[channel] as (req: unknown, ctx: HandlerContext) => unknown;
    return { ok: true, value: await handler(parsed.data, { ...ctx, services: ctx.session.services }) };
  } catch (e) {
    if (e instanceof ServiceError) return { ok: false, error: e.toContract() };
    log(`TraceLens: ${channel} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return { ok: false, error: { code: 'internal', message: `${channel} failed: ${e instanceof Error ? e.message : String(e)}` } };
  }
}
