/**
 * The contract over the browser host's WebSocket: the same Transport the preload provides, so no
 * view knows which shell it runs in. Reconnects are not attempted: the host lives as long as the
 * page; a lost connection (or a page without the token) is shown to the user.
 */
import type { Channel, ContractError, EventName, Result, Transport } from '../../../shared/contract';

export interface WsTransport extends Transport {
  onClose(listener: (reason: string) => void): void;
}

export function connectWebSocket(token: Promise<string>): WsTransport {
  let nextId = 1;
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  const closeListeners = new Set<(reason: string) => void>();
  let closedWith: string | undefined;
  const closed = (reason: string) => {
    closedWith = reason;
    const error: ContractError = { code: 'internal', message: reason };
    for (const resolve of pending.values()) resolve({ ok: false, error });
    pending.clear();
    for (const l of closeListeners) l(reason);
  };
  const opened = token.then(
    (t) =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?token=${encodeURIComponent(t)}`);
        ws.addEventListener('open', () => resolve(ws), { once: true });
        ws.addEventListener('error', () => reject(new Error('Could not connect to the TraceLens host.')), { once: true });
        ws.addEventListener('message', (e) => {
          const msg = JSON.parse(String(e.data)) as { id?: number | null; result?: Result<unknown>; event?: EventName; payload?: unknown };
          if (msg.event) {
            for (const l of listeners) l(msg.event, msg.payload);
          } else if (typeof msg.id === 'number' && msg.result) {
            pending.get(msg.id)?.(msg.result);
            pending.delete(msg.id);
          }
        });
        ws.addEventListener('close', () => closed('The connection to the TraceLens host was closed.'));
      }),
  );
  opened.catch((e: unknown) => closed(e instanceof Error ? e.message : String(e)));
  return {
    async invoke(channel: Channel, request: unknown) {
      const ws = await opened;
      const id = nextId++;
      return new Promise<Result<unknown>>((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, channel, payload: request }));
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onClose(listener) {
      closeListeners.add(listener);
      if (closedWith !== undefined) listener(closedWith);
    },
  };
}
