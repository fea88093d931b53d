/** Core channels: the app, the files, the merged record list and one record's detail. */
import { z } from 'zod';
import type { FileInfo, Problem, RecordDetail, RecordPage } from '../model';
import type { AppInfo } from '../contract';
import { soFarSchema, traceFilterSchema } from './filter';

export const fileId = z.string().min(1).max(64);
/** Paths are bounded so a hostile caller cannot make the main side allocate without limit. */
const path = z.string().min(1).max(4096);
/**
 * Rows of a list whose positions are wanted with a page (`anchorsAt`): a followed list keeps them in
 * place. A record or trace is (file, event); an IIS request (file, row).
 */
export const rowAnchors = z.array(z.object({ fileId, index: z.number().int().min(0) }).strict()).max(4).optional();


export const coreSchemas = {
  'app.info': z.object({}).strict(),
  'files.list': z.object({}).strict(),
  'files.open': z.object({ paths: z.array(path).min(1).max(256) }).strict(),
  'files.openUpload': z.object({ uploadId: z.string().regex(/^[a-f0-9]{32}$/), name: z.string().min(1).max(1024) }).strict(),
  'files.cancel': z.object({ fileId }).strict(),
  'files.remove': z.object({ fileId }).strict(),
  'files.reload': z.object({ fileId }).strict(),
  /** Reads a log again with these field names instead of the guessed ones (empty: guess again). */
  'files.setFields': z.object({ fileId, fields: z.array(z.string().regex(/^\S{1,100}$/)).max(200) }).strict(),
  'files.problems': z
    .object({ fileId, offset: z.number().int().min(0), limit: z.number().int().min(1).max(1000) })
    .strict(),
  /** All records in displayed time order, narrowed by the one filter. */
  'records.page': z
    .object({
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(1000),
      filter: traceFilterSchema.optional(),
      ...soFarSchema,
      /** Records whose positions in this list are wanted too (`RecordPage.anchorsAt`): a followed list keeps them in place. */
      anchors: rowAnchors,
    })
    .strict(),
  'records.detail': z.object({ fileId, index: z.number().int().min(0) }).strict(),
} as const;

export interface CoreResponses {
  'app.info': AppInfo;
  'files.list': FileInfo[];
  'files.open': FileInfo[];
  'files.openUpload': FileInfo;
  'files.cancel': { cancelled: boolean };
  'files.remove': { removed: boolean };
  'files.reload': FileInfo;
  'files.setFields': FileInfo;
  'files.problems': { total: number; problems: Problem[] };
  'records.page': RecordPage;
  'records.detail': RecordDetail;
}
