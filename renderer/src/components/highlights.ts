/** Highlight rules as the lists use them: the queries sent with a page request and each match's colour class. */
import { useMemo } from 'react';
import type { HighlightRule } from '../../../shared/channels/svclog';
import { useView } from '../viewStore';

export function useHighlightQueries(): { queries: string[]; colours: HighlightRule['colour'][] } {
  const rules = useView((s) => s.highlights);
  return useMemo(() => {
    const on = rules.filter((r) => r.on !== false);
    return { queries: on.map((r) => r.query), colours: on.map((r) => r.colour) };
  }, [rules]);
}

/** ' hl-yellow' etc. for a row matching rule `at` (index among the rules sent). */
export const highlightClass = (colours: readonly string[], at: number | undefined): string => (at !== undefined && colours[at] ? ` hl-${colours[at]}` : '');
