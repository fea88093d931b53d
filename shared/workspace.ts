/**
 * A saved workspace (`.tracelens`): the files, clock-skew overrides, filters, the selected time
 * range and the view layout. JSON, versioned, validated on read; paths are stored relative to the
 * workspace file where they can be, so a folder of logs and its workspace can move together.
 */
import { z } from 'zod';
import { machineGroupsSchema } from './channels/machines';

export const WORKSPACE_FORMAT = 'tracelens-workspace';
export const WORKSPACE_VERSION = 1;

/** Views' own state (filters, layout) is kept as bounded JSON; each view validates what it reads. */
const jsonObject = z.record(z.string().max(200), z.unknown());

export const workspaceSchema = z
  .object({
    format: z.literal(WORKSPACE_FORMAT),
    version: z.number().int().min(1).max(WORKSPACE_VERSION),
    savedAt: z.string().max(64).optional(),
    files: z
      .array(
        z.object({
          /** Relative to the workspace file's folder, or absolute. */
          path: z.string().min(1).max(4096),
          /** The absolute path when saved: a second place to look. */
          absolute: z.string().max(4096).optional(),
        }),
      )
      .max(1000),
    skew: z
      .object({
        reference: z.string().max(256).optional(),
        /** Computer → offset in ms set by the user (adjusted time = raw − offset). */
        overridesMs: z.record(z.string().max(256), z.number().finite()).default({}),
      })
      .default({ overridesMs: {} }),
    /** Names the user joined into one machine (the Machines panel). */
    machines: z.object({ groups: machineGroupsSchema.default([]) }).strict().default({ groups: [] }),
    filters: jsonObject.default({}),
    timeRange: z.object({ fromUs: z.number().finite(), toUs: z.number().finite() }).nullable().default(null),
    layout: jsonObject.default({}),
  })
  .strict();

export type Workspace = z.infer<typeof workspaceSchema>;
/** What the views hand over to be saved (files come from the session). */
/** The main side adds the machine joins it keeps itself. */
export type WorkspaceState = Pick<Workspace, 'skew' | 'filters' | 'timeRange' | 'layout'> & Partial<Pick<Workspace, 'machines'>>;
