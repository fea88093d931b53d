import { useCallback, useEffect, useRef, useState } from 'react';

const PAGE = 200;

export interface Paged<T> {
  /** Rows in the list (undefined until the first page answered). */
  total: number | undefined;
  rowAt(i: number): T | undefined;
  /** The first page of the current key has arrived (tests and the bench wait on it). */
  ready: boolean;
  /** Row i, fetched alone if its page is not here yet (keyboard jumps past what was loaded). */
  rowAsync(i: number): Promise<T | undefined>;
  /** Rows [offset, offset + count) fetched a thousand at a time (copying many rows). */
  range(offset: number, count: number): Promise<T[]>;
  /** The list's key: selections of rows are dropped when it changes. */
  key: string;
}

/**
 * A main-side list read a page at a time as it scrolls. `key` names the list (data version, filter,
 * sort, selection): when it changes the cached pages are dropped and the first page is asked for.
 * The previous rows stay on screen until the new first page arrives, so nothing flickers.
 */
export function usePaged<T>(key: string, fetch: (offset: number, limit: number) => Promise<{ total: number; rows: T[] }>, enabled = true): Paged<T> {
  const cache = useRef(new Map<number, T[]>());
  const inflight = useRef(new Set<number>());
  const currentKey = useRef(key);
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [readyKey, setReadyKey] = useState<string | undefined>(undefined);
  const [, setTick] = useState(0);

  const load = useCallback((p: number) => {
    if (inflight.current.has(p)) return;
    inflight.current.add(p);
    const asked = currentKey.current;
    fetchRef
      .current(p * PAGE, PAGE)
      .then((page) => {
        if (asked !== currentKey.current) return;
        if (p === 0 || cache.current.size === 0) cache.current.clear();
        cache.current.set(p, page.rows);
        if (cache.current.size > 50) for (const k of cache.current.keys()) if (Math.abs(k - p) > 25) cache.current.delete(k);
        setTotal(page.total);
        if (p === 0) setReadyKey(asked);
        setTick((t) => t + 1);
      })
      .catch(() => undefined)
      .finally(() => {
        if (asked === currentKey.current) inflight.current.delete(p);
      });
  }, []);

  useEffect(() => {
    currentKey.current = key;
    inflight.current.clear();
    // Keep showing the old first page until the new one lands (cleared in load()).
    for (const k of [...cache.current.keys()]) if (k !== 0) cache.current.delete(k);
    if (enabled) load(0);
    else {
      cache.current.clear();
      setTotal(0);
      setReadyKey(key);
    }
  }, [key, enabled, load]);

  const rowAt = useCallback(
    (i: number) => {
      const p = Math.floor(i / PAGE);
      const rows = cache.current.get(p);
      if (rows) return rows[i - p * PAGE];
      if (enabled) load(p);
      return undefined;
    },
    [enabled, load],
  );
  const rowAsync = useCallback(async (i: number) => rowAt(i) ?? (await fetchRef.current(i, 1)).rows[0], [rowAt]);
  const range = useCallback(async (offset: number, count: number) => {
    const out: T[] = [];
    for (let at = offset; at < offset + count; at += 1000) {
      const page = await fetchRef.current(at, Math.min(1000, offset + count - at));
      out.push(...page.rows);
      if (page.rows.length === 0) break;
    }
    return out;
  }, []);
  return { total, rowAt, ready: readyKey === key, rowAsync, range, key };
}
