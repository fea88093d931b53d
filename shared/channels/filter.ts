/**
 * The one filter value. Every view (Activities, Trace list, Messages, All records, Graph), Find's
 * scope, the IIS views where the fields exist, the status bar's counts, the app's and the CLI's
 * export and `summary --where` take this value, and the main side evaluates it in one module
 * (electron/services/filter/). `text` is a query in the language of shared/query/parse.ts.
 */
import { z } from 'zod';
import { MAX_COMPUTER_CHARS, MAX_PROCESS_LABEL_CHARS, MAX_SOURCE_CHARS } from '../limits';
import { FILTER_LEVELS } from '../filter-levels';
import { isZoneChoice } from '../time-zone';

export { FILTER_LEVELS, type FilterLevel } from '../filter-levels';

const shortText = z.string().max(500);

/** 'UTC', 'local' or an IANA zone name Intl knows (settings, workspaces and requests are untrusted). */
export const zoneChoiceSchema = z.string().max(64).refine(isZoneChoice, { message: 'not a time zone: UTC, local or an IANA name such as Europe/Berlin' });
/** A namespace prefix as XML allows it. */
const prefix = z.string().regex(/^[A-Za-z_][\w.-]{0,39}$/);

/**
 * A Service Trace Viewer custom filter: an XPath 1.0 expression over one event's XML (the E2E,
 * System and ApplicationData prefixes are predeclared), with up to four parameters {0}–{3}.
 */
export const customFilterSchema = z
  .object({
    name: z.string().min(1).max(200),
    description: z.string().max(2000).optional(),
    xpath: z.string().min(1).max(4000),
    /** Prefix → namespace URI, beyond the predeclared ones. */
    namespaces: z.record(prefix, z.string().max(500)).optional(),
    /** What each parameter {0}–{3} means, asked for when the filter is applied. */
    parameters: z.array(z.object({ name: z.string().max(200) }).strict()).max(4).optional(),
  })
  .strict();
export type CustomFilter = z.infer<typeof customFilterSchema>;

/** A custom filter in use, with the values of its parameters. */
export const appliedCustomFilterSchema = customFilterSchema.pick({ name: true, xpath: true, namespaces: true }).extend({ args: z.array(shortText).max(4).optional() }).strict();
export type AppliedCustomFilter = z.infer<typeof appliedCustomFilterSchema>;

export const traceFilterSchema = z
  .object({
    /** Levels shown; all when omitted. */
    levels: z.array(z.enum(FILTER_LEVELS)).max(FILTER_LEVELS.length).optional(),
    /** Trace sources shown (exact names); all when omitted or empty. */
    sources: z.array(z.string().max(MAX_SOURCE_CHARS)).max(500).optional(),
    /** Processes shown, as `processLabel on host` (see SvclogFilterOptions.processes); all when omitted or empty. */
    processes: z.array(z.string().max(MAX_PROCESS_LABEL_CHARS)).max(500).optional(),
    /** Hosts (computers) shown; all when omitted or empty. */
    hosts: z.array(z.string().max(MAX_COMPUTER_CHARS)).max(500).optional(),
    fromUs: z.number().finite().optional(),
    toUs: z.number().finite().optional(),
    /** A query (shared/query): words, "phrases", -exclusions, field:value, comparisons, /regex/, or, parentheses. */
    text: z.string().max(2000).optional(),
    /** The zone the query's times are read in (`time>=22:01:20`: that wall clock there): the display zone, or the CLI's --tz; UTC when absent. */
    zone: zoneChoiceSchema.optional(),
    /** Custom (XPath) filters: a record must match every one. */
    custom: z.array(appliedCustomFilterSchema).max(8).optional(),
  })
  .strict();
export type TraceFilter = z.infer<typeof traceFilterSchema>;

/**
 * A list that may answer before a custom filter's scan ends, from the events scanned so far (the
 * renderer asks again on each filter.progress); without it the answer waits for the whole scan.
 */
export const soFarSchema = { soFar: z.boolean().optional() };
