/** How many levels the filter knows (shared/channels/filter.ts FILTER_LEVELS), for code that must not load zod. */
export const FILTER_LEVELS_COUNT = 6;
