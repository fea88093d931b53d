/** The desktop app's output sink: a native save dialog; the file stays where the user chose. */
import { app, dialog, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import type { OutputSink } from '../services/output';

export function saveDialogSink(getWindow: () => BrowserWindow | undefined): OutputSink {
  return {
    downloads: false,
    async target(suggestedName, filters) {
      const options = { title: 'Save', defaultPath: join(app.getPath('documents'), suggestedName), filters: [...filters, { name: 'All files', extensions: ['*'] }] };
      const win = getWindow();
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return r.canceled || !r.filePath ? undefined : r.filePath;
    },
    publish: () => undefined,
  };
}
