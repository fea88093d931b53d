/**
 * The one function that gives views the API: the preload's bridge in Electron, the WebSocket
 * client in a browser. Both implement the same contract; only adding local files differs
 * (Electron knows real paths, a browser must send the bytes).
 */
import { createApi, type Api } from '../../../shared/api-client';
import type { PreloadBridge, ResponseOf } from '../../../shared/contract';
import { hostToken } from './host-token';
import { uploadFile } from './upload';
import { connectWebSocket } from './ws-transport';

export interface AddFilesCallbacks {
  onUploadProgress?(name: string, sent: number, total: number): void;
  /** Lets the caller cancel uploads still running. */
  registerAbort?(abort: () => void): void;
}

export interface RendererApi extends Api {
  readonly shell: 'electron' | 'browser';
  /** Opens files the user picked or dropped. */
  addLocalFiles(files: readonly File[], cb?: AddFilesCallbacks): Promise<void>;
  /** Opens a workspace (.tracelens) or Service Trace Viewer project (.stvproj) the user picked or dropped. */
  openWorkspaceFile(file: File): Promise<ResponseOf<'workspace.open'>>;
  onDisconnect(listener: (reason: string) => void): void;
}

declare global {
  interface Window {
    tracelens?: PreloadBridge;
  }
}

let instance: RendererApi | undefined;

export function getApi(): RendererApi {
  instance ??= window.tracelens ? electronApi(window.tracelens) : browserApi();
  return instance;
}

function electronApi(bridge: PreloadBridge): RendererApi {
  const api = createApi({ invoke: (channel, req) => bridge.invoke(channel, req), subscribe: (l) => bridge.subscribe(l) });
  return {
    ...api,
    shell: 'electron',
    async addLocalFiles(files) {
      const paths = files.map((f) => bridge.pathForFile(f)).filter((p) => p.length > 0);
      if (paths.length > 0) await api.call('files.open', { paths });
    },
    openWorkspaceFile: (file) => api.call('workspace.open', { path: bridge.pathForFile(file) }),
    onDisconnect() {
      /* IPC does not disconnect while the window lives */
    },
  };
}

function browserApi(): RendererApi {
  const token = hostToken();
  const transport = connectWebSocket(token);
  const api = createApi(transport);
  return {
    ...api,
    shell: 'browser',
    async addLocalFiles(files, cb = {}) {
      await Promise.all(
        files.map(async (file) => {
          const handle = uploadFile(file, await token, (sent, total) => cb.onUploadProgress?.(file.name, sent, total));
          cb.registerAbort?.(handle.abort);
          const uploadId = await handle.done;
          await api.call('files.openUpload', { uploadId, name: file.name });
        }),
      );
    },
    async openWorkspaceFile(file) {
      const uploadId = await uploadFile(file, await token, () => undefined).done;
      return api.call('workspace.open', { uploadId, name: file.name });
    },
    onDisconnect: (l) => transport.onClose(l),
  };
}
