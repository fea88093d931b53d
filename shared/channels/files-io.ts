/** Saving and opening workspaces, and exporting what is loaded (File › Export). */
import { z } from 'zod';
import type { FileInfo } from '../model';
import { workspaceSchema, type WorkspaceState } from '../workspace';
import { traceFilterSchema } from './filter';
import { iisFilterSchema } from './iis';
import { zoneChoiceSchema } from './svclog';

export const filesIoSchemas = {
  'export.run': z
    .object({
      format: z.enum(['csv', 'jsonl', 'perfetto', 'otlp', 'parquet']),
      /** CSV/JSONL rows: svclog traces, IIS requests, or every record All records keeps (each file's own fields). */
      what: z.enum(['traces', 'requests', 'records']).optional(),
      /** The one filter: the export holds exactly the records the views keep. */
      filter: traceFilterSchema.optional(),
      /** The IIS request table's filter, for request exports. */
      iisFilter: iisFilterSchema.optional(),
      rawTime: z.boolean().optional(),
      /** The zone of CSV/JSONL time columns (written with their offset); UTC when absent. */
      timeZone: zoneChoiceSchema.optional(),
    })
    .strict(),
  'workspace.save': z.object({ state: workspaceSchema.pick({ skew: true, filters: true, timeRange: true, layout: true, bookmarks: true }) }).strict(),
  /** Saves the loaded traces as a Service Trace Viewer project (.stvproj). */
  'workspace.saveProject': z.object({}).strict(),
  'workspace.open': z.union([
    z.object({ path: z.string().min(1).max(4096) }).strict(),
    z.object({ uploadId: z.string().regex(/^[a-f0-9]{32}$/), name: z.string().min(1).max(1024) }).strict(),
  ]),
  'workspace.current': z.object({}).strict(),
} as const;

/** Where a saved file went: a path chosen in a dialog, or a URL the page downloads from. */
export interface Saved {
  cancelled?: boolean;
  path?: string;
  downloadUrl?: string;
  fileName?: string;
}

export interface FilesIoResponses {
  /** `datasets`: Parquet rows per dataset written. */
  'export.run': Saved & { written: number; problems: string[]; datasets?: Record<string, number> };
  'workspace.save': Saved;
  /** `omitted`: loaded files a project cannot list (not traces, or uploads). */
  'workspace.saveProject': Saved & { omitted: string[] };
  'workspace.open': OpenedWorkspace & { files: FileInfo[] };
  /** The workspace opened last in this session (e.g. from the command line), for a page that connects later. */
  'workspace.current': OpenedWorkspace | null;
}

export interface OpenedWorkspace {
  name: string;
  /** null for a Service Trace Viewer project (it keeps only files). */
  state: WorkspaceState | null;
  /** Sentences about listed files that were not found or opened, and parts of the workspace that were dropped. */
  missing: string[];
}
