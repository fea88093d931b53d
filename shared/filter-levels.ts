/**
 * Levels the filter bar offers; `boundaries` = activity tracing (Start, Stop, Transfer, Suspend,
 * Resume). Kept apart from the filter's schema (channels/filter.ts) so that code which only needs
 * the names (the CLI's flags, the views' level classes) does not load zod.
 */
export const FILTER_LEVELS = ['critical', 'error', 'warning', 'info', 'verbose', 'boundaries'] as const;
export type FilterLevel = (typeof FILTER_LEVELS)[number];
