/**
 * The typed wrapper around ipcMain: the single handler for every contract call, which accepts
 * calls only from the app's own window's top frame on the app's origin, and forwards session
 * events to that window.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_CHANNEL, type EventName, type Events, type Result } from '../../shared/contract';
import { createCallOrder } from '../services/call-order';
import { dispatch, type DispatchContext } from '../services/dispatch';
import { APP_ORIGIN } from './protocol';

export function registerIpc(getWindow: () => BrowserWindow | undefined, ctx: DispatchContext): () => void {
  // A page asked for never queues behind an aggregate asked for at the same refresh (call-order.ts).
  const order = createCallOrder();
  const handler = async (event: IpcMainInvokeEvent, channel: unknown, payload: unknown): Promise<Result<unknown>> => {
    const win = getWindow();
    const frameUrl = event.senderFrame?.url ?? '';
    // Only the window's top frame: a subframe (none is allowed by the CSP) never speaks for the app.
    const topFrame = event.senderFrame !== null && event.senderFrame !== undefined && !event.senderFrame.parent;
    if (!win || event.sender !== win.webContents || !topFrame || !frameUrl.startsWith(`${APP_ORIGIN}/`)) {
      console.warn(`TraceLens: refused IPC from an unknown sender (${frameUrl.slice(0, 100)})`);
      return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted only from the TraceLens window.' } };
    }
    return order.run(channel, () => dispatch(channel, payload, ctx));
  };
  ipcMain.handle(ELECTRON_INVOKE_CHANNEL, handler);
  const unsubscribe = ctx.session.onEvent((event, payload) => pushEvent(getWindow(), event, payload));
  return () => {
    ipcMain.removeHandler(ELECTRON_INVOKE_CHANNEL);
    unsubscribe();
  };
}

/** Sends a typed push event to the app's window (the only way main talks to the renderer unasked). */
export function pushEvent<E extends EventName>(win: BrowserWindow | undefined, event: E, payload: Events[E]): void {
  if (win && !win.isDestroyed()) win.webContents.send(ELECTRON_EVENT_CHANNEL, event, payload);
}
