/**
 * Files the browser sends to the host (picked or dropped in the page): each is written to a private
 * temporary folder under a random id, then opened by id through the contract. Electron never
 * uses this: its renderer hands over real paths.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ServiceError } from './errors';

export class UploadStore {
  private dir: string | undefined;
  private readonly files = new Map<string, string>();

  constructor(private readonly maxBytes = 8 * 1024 ** 3) {}

  /** Streams a request body to disk; returns the upload id. */
  async receive(body: Readable, declaredLength?: number): Promise<string> {
    if (declaredLength !== undefined && declaredLength > this.maxBytes) {
      throw new ServiceError('too-large', `The file is larger than the ${this.maxBytes} bytes the host accepts.`);
    }
    this.dir ??= mkdtempSync(join(tmpdir(), 'tracelens-uploads-'));
    const id = randomBytes(16).toString('hex');
    const path = join(this.dir, id);
    let received = 0;
    const limit = this.maxBytes;
    body.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) body.destroy(new ServiceError('too-large', `The upload passed the ${limit} bytes the host accepts.`));
    });
    await pipeline(body, createWriteStream(path, { mode: 0o600 }));
    this.files.set(id, path);
    return id;
  }

  pathOf(uploadId: string): string {
    const p = this.files.get(uploadId);
    if (!p) throw new ServiceError('not-found', 'That upload is unknown or has expired; drop the file again.');
    return p;
  }

  /** Removes every uploaded file (at shutdown). */
  dispose(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.files.clear();
  }
}
