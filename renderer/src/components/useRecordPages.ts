import { useCallback, useEffect, useRef, useState } from 'react';
import type { RecordRow } from '../../../shared/model';
import { getApi } from '../api';

const PAGE = 200;

/**
 * Rows of the merged record list, fetched a page at a time as the list scrolls; the main side keeps
 * the index, the renderer only what is on screen and near it. Pages are dropped when `version` moves.
 */
export function useRecordPages(version: number): (i: number) => RecordRow | undefined {
  const cache = useRef(new Map<number, RecordRow[]>());
  const inflight = useRef(new Set<number>());
  const currentVersion = useRef(version);
  const [, setTick] = useState(0);

  useEffect(() => {
    currentVersion.current = version;
    cache.current.clear();
    inflight.current.clear();
    setTick((t) => t + 1);
  }, [version]);

  return useCallback((i: number) => {
    const p = Math.floor(i / PAGE);
    const rows = cache.current.get(p);
    if (rows) return rows[i - p * PAGE];
    if (!inflight.current.has(p)) {
      inflight.current.add(p);
      const asked = currentVersion.current;
      void getApi()
        .call('records.page', { offset: p * PAGE, limit: PAGE })
        .then((page) => {
          if (asked !== currentVersion.current) return;
          cache.current.set(p, page.rows);
          // Keep memory flat on long scrolls: forget pages far from the newest one.
          if (cache.current.size > 50) for (const k of cache.current.keys()) if (Math.abs(k - p) > 25) cache.current.delete(k);
          setTick((t) => t + 1);
        })
        .catch(() => undefined)
        .finally(() => inflight.current.delete(p));
    }
    return undefined;
  }, []);
}
