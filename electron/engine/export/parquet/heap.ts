/**
 * A full garbage collection between row groups of a long export. Encoding a row group makes short-
 * lived strings and arrays that outlive a young-generation collection; V8 then lets the old
 * generation grow for a long time before it collects, so without a hint a 1 GB trace's export
 * grew the process by ~400 MB of garbage (heap after a collection stayed at ~110 MB). `gc` is made
 * reachable once (the flag only adds the function; nothing else changes); where that is refused the
 * hint does nothing.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
