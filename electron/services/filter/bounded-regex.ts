/**
 * Regular expressions from a filter query run on hostile text, and a backtracking pattern such as
 * /(a+)+$/ can take minutes on one string. JavaScript cannot interrupt a RegExp call, but V8 stops
 * a `vm` script at its timeout even inside one, so the strings are tested in a vm loop that
 * records where it is; the string it was on is retried alone, and one that runs past the per-string limit is stopped, counted and
 * skipped, and the loop resumes after it.
 */
import { createContext, runInContext, type Context } from 'node:vm';

/** Longest one string may run before the regex is stopped on it. */
export const REGEX_LIMIT_MS = 100;
/** Timeout of one vm call (several strings); a call that times out on a fast string is resumed. */
const CALL_MS = 250;

const LOOP = `{ const strs = s.strings, hits = s.hits, n = s.n; let i = s.i; for (; i < n; i++) { if ((i & 255) === 0) s.i = i; hits[i] = re.test(strs[i]) ? 1 : 0; } s.i = n; }`;
const ONE = `s.hits[s.i] = re.test(s.strings[s.i]) ? 1 : 0; s.i++;`;

export interface BoundedRegex {
  /** 1 where the string matches; 0 where it does not or was stopped. */
  test(strings: readonly string[]): Uint8Array;
  /** How many strings the regex was stopped on so far. */
  stopped: number;
}

export function boundedRegex(source: string, flags: string): BoundedRegex {
  // No g or y flag: test() must not keep state between strings.
  const re = new RegExp(source, flags.replace(/[gy]/g, ''));
  const state = { i: 0, n: 0, strings: [] as readonly string[], hits: new Uint8Array(0) };
  const ctx: Context = createContext({ re, s: state });
  const run = (script: string, timeout: number): boolean => {
    try {
      runInContext(script, ctx, { timeout });
      return true;
    } catch (e) {
      if ((e as { code?: string }).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw e;
      return false;
    }
  };
  const out: BoundedRegex = {
    stopped: 0,
    test(strings) {
      Object.assign(state, { i: 0, n: strings.length, strings, hits: new Uint8Array(strings.length) });
      while (state.i < state.n) {
        if (run(LOOP, CALL_MS)) continue;
        // The call ran out in the block of 256 strings from i: each alone, with the per-string
        // limit, until the slow one is found and stopped.
        const end = Math.min(state.n, state.i + 256);
        while (state.i < end) {
          if (run(ONE, REGEX_LIMIT_MS)) continue;
          out.stopped++;
          state.hits[state.i++] = 0;
          break;
        }
      }
      const hits = state.hits;
      state.strings = [];
      return hits;
    },
  };
  return out;
}
