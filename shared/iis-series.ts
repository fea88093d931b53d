/**
 * The status series of the IIS timeline: 503.x and other 5xx apart; `httperr` = HTTP.sys error
 * log entries. Apart from the channel schemas so the renderer can use them without zod.
 */
export const IIS_SERIES = ['2xx', '3xx', '4xx', '503', '5xx', 'none', 'httperr'] as const;
export type IisSeries = (typeof IIS_SERIES)[number];
