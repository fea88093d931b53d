/**
 * The only bridge between the sandboxed renderer and the main side: one invoke function for the
 * contract, one subscription for push events, and the path of a dropped or picked file.
 * Channel names and payloads are validated again on the main side.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_CHANNEL, type EventName, type PreloadBridge, type Result } from '../../shared/contract';

const bridge: PreloadBridge = {
  invoke: (channel, request) => ipcRenderer.invoke(ELECTRON_INVOKE_CHANNEL, channel, request) as Promise<Result<unknown>>,
  subscribe(listener) {
    const handler = (_e: IpcRendererEvent, event: EventName, payload: unknown) => listener(event, payload);
    ipcRenderer.on(ELECTRON_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(ELECTRON_EVENT_CHANNEL, handler);
    };
  },
  pathForFile: (file) => webUtils.getPathForFile(file as File),
};

contextBridge.exposeInMainWorld('tracelens', bridge);
