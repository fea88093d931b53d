/**
 * Files the browser sends to the host (picked or dropped in the page): each is written to a private
 * temporary folder under a random id, then opened by id through the contract. Electron never
 * uses this: its renderer hands over real paths.
 *
 * Bounded, because any request that holds the token can send one: each file is at most the largest
 * file a session loads, a few run at once, and what is kept on disk is bounded in count and bytes
 * (loaded files are read again for each detail, so nothing is evicted: past the limit the host
 * refuses more uploads with a sentence until it restarts).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ServiceError } from './errors';
import { DEFAULT_MAX_FILE_BYTES } from './size-limit';

export interface UploadLimits {
  maxBytes: number;
  maxConcurrent: number;
  maxKept: number;
  maxKeptBytes: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxBytes: DEFAULT_MAX_FILE_BYTES,
  maxConcurrent: 8,
  maxKept: 500,
  maxKeptBytes: 4 * DEFAULT_MAX_FILE_BYTES,
};

export class UploadStore {
  private dir: string | undefined;
  /** id → path and size, oldest first. */
  private readonly files = new Map<string, { path: string; bytes: number }>();
  private running = 0;
  private keptBytes = 0;
  private readonly limits: UploadLimits;

  constructor(limits: Partial<UploadLimits> = {}) {
    this.limits = { ...DEFAULT_UPLOAD_LIMITS, ...limits };
  }

  /** Streams a request body to disk; returns the upload id. A failed upload leaves nothing behind. */
  async receive(body: Readable, declaredLength?: number): Promise<string> {
    const { maxBytes, maxConcurrent } = this.limits;
    if (declaredLength !== undefined && !(declaredLength <= maxBytes)) {
      throw new ServiceError('too-large', `The file is larger than the ${maxBytes} bytes the host accepts.`);
    }
    if (this.files.size >= this.limits.maxKept || this.keptBytes + (declaredLength ?? 0) > this.limits.maxKeptBytes) {
      throw new ServiceError('too-large', `The host already keeps ${this.files.size} uploaded files (${this.keptBytes} bytes), its limit; restart it to drop them.`);
    }
    if (this.running >= maxConcurrent) throw new ServiceError('too-large', `${maxConcurrent} uploads are already running; wait for one to finish.`);
    this.dir ??= mkdtempSync(join(tmpdir(), 'tracelens-uploads-'));
    const id = randomBytes(16).toString('hex');
    const path = join(this.dir, id);
    let received = 0;
    body.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes || this.keptBytes + received > this.limits.maxKeptBytes) body.destroy(new ServiceError('too-large', `The upload passed the ${maxBytes} bytes the host accepts.`));
    });
    this.running++;
    try {
      await pipeline(body, createWriteStream(path, { mode: 0o600 }));
    } catch (e) {
      rmSync(path, { force: true });
      throw e;
    } finally {
      this.running--;
    }
    this.files.set(id, { path, bytes: received });
    this.keptBytes += received;
    return id;
  }

  pathOf(uploadId: string): string {
    const f = this.files.get(uploadId);
    if (!f) throw new ServiceError('not-found', 'That upload is unknown or has expired; drop the file again.');
    return f.path;
  }

  /** Removes every uploaded file (at shutdown). */
  dispose(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.files.clear();
    this.keptBytes = 0;
  }
}
