/** Highlight rules as the lists use them: the queries sent with a page request and each match's colour class. */
import { useMemo } from 'react';
import type { HighlightRule } from '../../../shared/channels/svclog';
import { queryZone, useView } from '../viewStore';
import { useTimeZone } from '../timeZone';

/** The rules switched on; `request` is what a page request carries (the queries and the zone their times are read in), `key` names it for the list's cache. */
export function useHighlightQueries(): { queries: string[]; colours: HighlightRule['colour'][]; request: { highlights?: string[]; highlightZone?: string }; key: string } {
  const rules = useView((s) => s.highlights);
  const displayed = useTimeZone();
  return useMemo(() => {
    const on = rules.filter((r) => r.on !== false);
    const queries = on.map((r) => r.query);
    const zone = queries.length ? queryZone() : undefined;
    const request = { ...(queries.length ? { highlights: queries } : {}), ...(zone ? { highlightZone: zone } : {}) };
    return { queries, colours: on.map((r) => r.colour), request, key: `${queries.join('\u0001')}|${zone ?? ''}` };
    // The display zone is read through queryZone(); `displayed` makes a change of zone recompute.
  }, [rules, displayed]);
}

/** ' hl-yellow' etc. for a row matching rule `at` (index among the rules sent). */
export const highlightClass = (colours: readonly string[], at: number | undefined): string => (at !== undefined && colours[at] ? ` hl-${colours[at]}` : '');
