/**
 * One WebSocket of the browser host: contract calls in, results and push events out. Bounded so
 * that no client can grow the host: a message is at most MAX_REQUEST_BYTES (ws closes with 1009),
 * the calls running for one socket hold at most MAX_IN_FLIGHT_BYTES of requests (or
 * MAX_IN_FLIGHT calls) — past that the socket stops being read: TCP back-pressure on the sender —
 * and a client that does not read its replies is dropped once MAX_BUFFERED_BYTES wait to be sent
 * to it. The bounds are far above what the page sends (a busy page has tens of small calls
 * running; pausing it would delay a Cancel behind them), so only a flood meets them.
 */
import type { WebSocket } from 'ws';
import type { Result } from '../../shared/contract';
import { createCallOrder } from '../services/call-order';
import { epochMs, tracing as traceCalls } from '../services/trace-spans';

export const MAX_IN_FLIGHT = 1024;
export const MAX_IN_FLIGHT_BYTES = 32 * 1024 * 1024;
export const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

export interface SocketOptions {
  call(channel: unknown, payload: unknown): Promise<Result<unknown>>;
  log(message: string): void;
  /** Unsent bytes after which a client that does not read is dropped (tests lower it). */
  maxBufferedBytes?: number;
}

const INVALID: Result<unknown> = { ok: false, error: { code: 'invalid-request', message: 'Messages must be JSON objects {id, channel, payload}.' } };

/** Sends unless the peer has stopped reading; never throws. */
export function sendBounded(ws: WebSocket, text: string, log: (m: string) => void, maxBuffered = MAX_BUFFERED_BYTES): void {
  if (ws.readyState !== ws.OPEN) return;
  if (ws.bufferedAmount + text.length > maxBuffered) {
    log(`TraceLens host: dropped a client that does not read its replies (${ws.bufferedAmount} bytes waiting)`);
    ws.terminate();
    return;
  }
  ws.send(text, (e) => e && log(`TraceLens host: send failed: ${e.message}`));
}

function reply(ws: WebSocket, id: number | null, result: Result<unknown>, log: (m: string) => void, maxBuffered?: number): void {
  let text: string;
  try {
    text = JSON.stringify({ id, result });
  } catch (e) {
    text = JSON.stringify({ id, result: { ok: false, error: { code: 'internal', message: `The reply could not be encoded: ${String(e)}` } } });
  }
  sendBounded(ws, text, log, maxBuffered);
}

export function serveSocket(ws: WebSocket, opts: SocketOptions): void {
  const { log } = opts;
  let inFlight = 0;
  let inFlightBytes = 0;
  // A page asked for never queues behind an aggregate asked for at the same refresh (call-order.ts).
  const order = createCallOrder();
  ws.on('error', (e) => log(`TraceLens host: socket error: ${e.message}`));
  ws.on('message', (data, isBinary) => {
    let msg: { id?: unknown; channel?: unknown; payload?: unknown };
    const text = isBinary ? '' : String(data);
    try {
      if (isBinary) throw new Error('binary frame');
      msg = JSON.parse(text);
      if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) throw new Error('not an object');
    } catch {
      log('TraceLens host: refused a message that is not a JSON object');
      reply(ws, null, INVALID, log);
      return;
    }
    const id = typeof msg.id === 'number' && Number.isSafeInteger(msg.id) ? msg.id : null;
    const bytes = text.length;
    inFlight++;
    inFlightBytes += bytes;
    if (inFlight >= MAX_IN_FLIGHT || inFlightBytes >= MAX_IN_FLIGHT_BYTES) ws.pause();
    // `TRACELENS_TRACE_CALLS=1`: each call's channel and id, when it arrived, started (call-order.ts)
    // and was answered, on stderr in wall-clock ms (finding what a view waits behind).
    const arrived = traceCalls ? epochMs() : 0;
    let started = 0;
    order
      .run(msg.channel, () => {
        if (traceCalls) started = epochMs();
        return opts.call(msg.channel, msg.payload);
      })
      .catch((e: unknown): Result<unknown> => ({ ok: false, error: { code: 'internal', message: String(e) } }))
      .then((result) => {
        inFlight--;
        inFlightBytes -= bytes;
        if (ws.isPaused && inFlight < MAX_IN_FLIGHT / 2 && inFlightBytes < MAX_IN_FLIGHT_BYTES / 2) ws.resume();
        if (traceCalls) process.stderr.write(`call ${String(msg.channel)} #${id} arrived ${arrived.toFixed(1)} started ${started.toFixed(1)} answered ${epochMs().toFixed(1)}: after ${(epochMs() - arrived).toFixed(0)} ms\n`);
        reply(ws, id, result, log, opts.maxBufferedBytes);
      });
  });
}
