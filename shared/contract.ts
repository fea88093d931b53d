/**
 * The IPC contract: every channel's request schema and response type, and the push events.
 * Electron's ipcMain handlers and the browser host's WebSocket both dispatch through
 * `electron/services/dispatch.ts`, which validates each request against these schemas, so the two
 * transports cannot drift apart.
 */
import { z } from 'zod';
import type { FileInfo, LoadProgress } from './model';
import { coreSchemas, type CoreResponses } from './channels/core';
import { svclogSchemas, type SvclogResponses } from './channels/svclog';
import { iisSchemas, type IisResponses } from './channels/iis';
import { filesIoSchemas, type FilesIoResponses } from './channels/files-io';
import { skewSchemas, type SkewResponses } from './channels/skew';
import { machinesSchemas, type MachinesResponses } from './channels/machines';
import { customFilterSchemas, type CustomFilterResponses } from './channels/custom-filters';
import { followSchemas, type FollowResponses } from './channels/follow';
import type { ShortcutCommand } from './shortcuts';

/**
 * Every channel: each domain (core, svclog views, IIS views…) declares its request schemas and
 * response types in shared/channels/ and is merged here, so there is still one map.
 */
export const requestSchemas = {
  ...coreSchemas,
  ...svclogSchemas,
  ...filesIoSchemas,
  ...skewSchemas,
  ...iisSchemas,
  ...machinesSchemas,
  ...customFilterSchemas,
  ...followSchemas,
} as const;

export type Channel = keyof typeof requestSchemas;
export type RequestOf<C extends Channel> = z.infer<(typeof requestSchemas)[C]>;

export interface AppInfo {
  name: string;
  version: string;
  /** Which shell the renderer runs in: Electron's window or a browser talking to the host. */
  host: 'electron' | 'browser';
  platform: string;
}

/** Response type of each channel. */
export type Responses = CoreResponses & SvclogResponses & FilesIoResponses & IisResponses & SkewResponses & MachinesResponses & CustomFilterResponses & FollowResponses;
export type ResponseOf<C extends Channel> = Responses[C];

/** Push events from the main side. */
export interface Events {
  'load.progress': LoadProgress;
  'files.changed': { files: FileInfo[] };
  /**
   * Live follow: these files grew in place (their new records, size and problems); every other file
   * is as `files.changed` last said. Views ask their counts and visible pages again.
   */
  'files.grew': { files: FileInfo[] };
  /** Desktop app only: a File-menu command the renderer carries out with its own state. */
  'menu.command': MenuCommand;
  /** A custom (XPath) filter's scan: events tested so far of all events. */
  'filter.progress': { name: string; done: number; total: number; matches: number };
}
export type EventName = keyof Events;
export const EVENT_NAMES: readonly EventName[] = ['load.progress', 'files.changed', 'files.grew', 'menu.command', 'filter.progress'];

export type MenuCommand =
  | { command: 'workspace.open'; path: string }
  | { command: 'workspace.save' }
  | { command: 'follow.folder'; path: string }
  | { command: 'export'; format: 'csv' | 'jsonl' | 'perfetto' | 'otlp' | 'parquet' }
  /** A Go menu item: the renderer runs the shortcut's command. */
  | { command: 'shortcut'; id: ShortcutCommand };

export type ErrorCode =
  | 'invalid-request'
  | 'unknown-channel'
  | 'forbidden'
  | 'not-found'
  | 'unsupported'
  | 'too-large'
  | 'cancelled'
  | 'internal';

/** What every failed call returns instead of throwing across the boundary. */
export interface ContractError {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError };

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requestSchemas, name);
}

/** Largest JSON request either transport accepts (uploads go over HTTP, not the contract). */
export const MAX_REQUEST_BYTES = 1024 * 1024;

// The client side (createApi and its types) lives in api-client.ts, apart from the schemas, so
// the renderer's bundle has no zod (its schemas are built at load: a cost at every start-up).
export { ContractCallError, createApi, type Api, type Transport } from './api-client';

/** Electron's two IPC channels: one for every contract call, one for every push event. */
export const ELECTRON_INVOKE_CHANNEL = 'tracelens:invoke';
export const ELECTRON_EVENT_CHANNEL = 'tracelens:event';

/** What the preload exposes on `window.tracelens` (context-isolated; plain functions only). */
export interface PreloadBridge {
  invoke(channel: string, request: unknown): Promise<Result<unknown>>;
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void;
  /** The real path of a File from a drop or a file input (Electron's webUtils). */
  pathForFile(file: unknown): string;
}
