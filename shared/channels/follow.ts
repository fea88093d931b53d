/**
 * Live follow channels: whether open files are followed as they grow (on by default; the toolbar
 * pauses and resumes it) and which folders are followed for new logs. What following changes
 * reaches the renderer as `files.grew` (the grown files' records, size and problems) or, for a
 * file's `live` state and `note`, `files.changed`; the renderer then asks its counts and visible
 * pages again, never for whole files.
 */
import { z } from 'zod';

const folder = z.string().min(1).max(4096);

export const followSchemas = {
  'follow.state': z.object({}).strict(),
  'follow.set': z.object({ on: z.boolean() }).strict(),
  /** Follows a folder: its newest log opens now, and each log that appears in it later. */
  'follow.folder': z.object({ path: folder }).strict(),
  'follow.unfolder': z.object({ path: folder }).strict(),
} as const;

export interface FollowState {
  /** True while appended records are read as they come; false when paused. */
  on: boolean;
  /** Folders followed for new logs (absolute paths). */
  folders: string[];
}

export interface FollowResponses {
  'follow.state': FollowState;
  'follow.set': FollowState;
  'follow.folder': FollowState;
  'follow.unfolder': FollowState;
}
