/**
 * Where files the user saves (exports, workspaces) go. Electron asks with a save dialog and writes
 * to the chosen path; the browser host writes to a private temporary folder and hands the page a
 * one-time download URL. Handlers only see this interface.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SaveFilter {
  name: string;
  extensions: string[];
}

export interface OutputSink {
  /** True when what is saved is handed to the page as a download (the browser host): a folder is zipped first. */
  readonly downloads: boolean;
  /** A path to write to: from a save dialog (Electron) or a temporary file (browser host); undefined when cancelled. */
  target(suggestedName: string, filters: SaveFilter[]): Promise<string | undefined>;
  /** After writing: the URL the page downloads it from (browser host), or undefined (the file is where the user chose). */
  publish(path: string, name: string): string | undefined;
}

/** The browser host's sink: temporary files served once each under /download/<id>. */
export class DownloadStore implements OutputSink {
  readonly downloads = true;
  private dir: string | undefined;
  private readonly files = new Map<string, { path: string; name: string }>();

  async target(suggestedName: string): Promise<string> {
    this.dir ??= mkdtempSync(join(tmpdir(), 'tracelens-downloads-'));
    return join(this.dir, `${randomBytes(8).toString('hex')}-${suggestedName.replace(/[^\w.-]+/g, '_')}`);
  }

  publish(path: string, name: string): string {
    const id = randomBytes(16).toString('hex');
    this.files.set(id, { path, name });
    return `/download/${id}`;
  }

  /** The file behind a download id, once: the URL stops working after it is fetched. */
  take(id: string): { path: string; name: string } | undefined {
    const f = this.files.get(id);
    this.files.delete(id);
    return f;
  }

  dispose(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.files.clear();
  }
}
