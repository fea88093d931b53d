/**
 * A saved workspace (`.tracelens`): the files, clock-skew overrides, filters, the selected time
 * range and the view layout. JSON, versioned, validated on read field by field (see
 * `readWorkspaceJson`): a workspace is untrusted input, and one bad field is dropped with a note
 * while the rest opens. Paths are stored relative to the workspace file where they can be, so a
 * folder of logs and its workspace can move together.
 */
import { z } from 'zod';
import { machineGroupsSchema } from './channels/machines';
import { customFilterSchema } from './channels/filter';
import { ACTIVITY_SORT_KEYS, columnWidthsSchema, paneSizesSchema, traceFilterSchema, zoneChoiceSchema } from './channels/svclog';
import { boundedRecord, isPlainObject, validFields } from './untrusted';

export const WORKSPACE_FORMAT = 'tracelens-workspace';
export const WORKSPACE_VERSION = 1;
export const MAX_WORKSPACE_FILES = 1000;

export const LEFT_TABS = ['activities', 'messages', 'records', 'graph'] as const;

const fileEntrySchema = z
  .object({
    /** Relative to the workspace file's folder, or absolute. */
    path: z.string().min(1).max(4096),
    /** The absolute path when saved: a second place to look. */
    absolute: z.string().max(4096).optional(),
  })
  .strict();

const { fromUs: _from, toUs: _to, ...filterFields } = traceFilterSchema.shape;
/** The trace filter without its time range (kept apart in `timeRange`) and the activity sort. */
const filtersShape = {
  ...filterFields,
  /** The user's library of custom (XPath) filters; `custom` holds the applied ones. */
  library: z.array(customFilterSchema).max(200).optional(),
  sort: z.object({ by: z.enum(ACTIVITY_SORT_KEYS), descending: z.boolean() }).strict().optional() };
const layoutShape = { leftTab: z.enum(LEFT_TABS).optional(), panes: paneSizesSchema.optional(), columns: columnWidthsSchema.optional(), timeZone: zoneChoiceSchema.optional() };
const skewShape = {
  reference: z.string().max(256).optional(),
  /** Computer → offset in ms set by the user (adjusted time = raw − offset). */
  overridesMs: boundedRecord(z.string().max(256), z.number().finite(), 1000).default({}),
};
export const MAX_BOOKMARKS = 10_000;
/**
 * Bookmarked traces. `file` is the file's position in the workspace's `files` list on disk, and
 * its path while the state travels between the renderer and the main side (which converts).
 */
export const bookmarksSchema = z
  .array(z.object({ file: z.union([z.number().int().min(0).max(MAX_WORKSPACE_FILES), z.string().min(1).max(4096)]), index: z.number().int().min(0), timeUs: z.number().finite() }).strict())
  .max(MAX_BOOKMARKS);
const timeRangeSchema = z.object({ fromUs: z.number().finite(), toUs: z.number().finite() }).strict().nullable();

export const workspaceStateSchema = z
  .object({
    skew: z.object(skewShape).strict().default({ overridesMs: {} }),
    filters: z.object(filtersShape).strict().default({}),
    timeRange: timeRangeSchema.default(null),
    layout: z.object(layoutShape).strict().default({}),
    bookmarks: bookmarksSchema.optional(),
  })
  .strict();

const machinesSchema = z.object({ groups: machineGroupsSchema.default([]) }).strict().default({ groups: [] });

export const workspaceSchema = workspaceStateSchema
  .extend({
    format: z.literal(WORKSPACE_FORMAT),
    version: z.number().int().min(1).max(WORKSPACE_VERSION),
    savedAt: z.string().max(64).optional(),
    files: z.array(fileEntrySchema).max(MAX_WORKSPACE_FILES),
    /** Names the user joined into one machine (the Machines panel; the main side keeps them). */
    machines: machinesSchema,
  })
  .strict();

export type Workspace = z.infer<typeof workspaceSchema>;
/** What the views hand over to be saved (files come from the session). */
/** The main side adds the machine joins it keeps itself. */
export type WorkspaceState = z.infer<typeof workspaceStateSchema> & { machines?: Workspace['machines'] };

/**
 * A workspace from untrusted JSON. Throws (a sentence, for `name`) only when it is not a TraceLens
 * workspace at all; otherwise every part that does not fit is dropped and described in `notes`.
 */
export function readWorkspaceJson(json: unknown, name: string, notes: string[]): Workspace {
  if (!isPlainObject(json) || json.format !== WORKSPACE_FORMAT) throw new Error(`${name} is not a TraceLens workspace (its "format" is not "${WORKSPACE_FORMAT}").`);
  if (typeof json.version !== 'number' || !Number.isInteger(json.version) || json.version < 1) throw new Error(`${name} is not a valid TraceLens workspace: it has no version number.`);
  if (json.version > WORKSPACE_VERSION) throw new Error(`${name} was saved by a newer TraceLens (workspace version ${json.version}); this one reads version ${WORKSPACE_VERSION}.`);
  const local: string[] = [];
  const files: Workspace['files'] = [];
  if (!Array.isArray(json.files)) local.push('files was ignored: it is not a list.');
  else {
    if (json.files.length > MAX_WORKSPACE_FILES) local.push(`only the first ${MAX_WORKSPACE_FILES} of ${json.files.length} files were kept.`);
    json.files.slice(0, MAX_WORKSPACE_FILES).forEach((f, i) => {
      const r = fileEntrySchema.safeParse(f);
      if (r.success) files.push(r.data);
      else local.push(`file entry ${i + 1} was ignored: it is not {path, absolute}.`);
    });
  }
  const skew = validFields(skewShape, json.skew, 'skew', local);
  const timeRange = timeRangeSchema.safeParse(json.timeRange ?? null);
  if (!timeRange.success) local.push('timeRange was ignored: it is not {fromUs, toUs}.');
  const ws: Workspace = {
    format: WORKSPACE_FORMAT,
    version: json.version,
    savedAt: typeof json.savedAt === 'string' ? json.savedAt.slice(0, 64) : undefined,
    files,
    skew: { ...skew, overridesMs: skew.overridesMs ?? {} },
    filters: validFields(filtersShape, json.filters, 'filters', local),
    timeRange: timeRange.success ? timeRange.data : null,
    layout: validFields(layoutShape, json.layout, 'layout', local),
    machines: { groups: [] },
    bookmarks: [],
  };
  if (json.bookmarks !== undefined) {
    const b = bookmarksSchema.safeParse(json.bookmarks);
    if (b.success) ws.bookmarks = b.data;
    else local.push(`bookmarks were ignored: they are not a list of at most ${MAX_BOOKMARKS} {file, index, timeUs}.`);
  }
  if (json.machines !== undefined) {
    const m = machinesSchema.safeParse(json.machines);
    if (m.success) ws.machines = m.data;
    else local.push('machines was ignored: it is not {groups: [[name, name…]…]}.');
  }
  const known = new Set(['format', 'version', 'savedAt', 'files', 'skew', 'machines', 'filters', 'timeRange', 'layout', 'bookmarks']);
  const unknown = Object.keys(json).filter((k) => !known.has(k)).length;
  if (unknown) local.push(`${unknown} unknown top-level field${unknown === 1 ? ' was' : 's were'} ignored.`);
  for (const n of local) notes.push(`${name}: ${n}`);
  return ws;
}
