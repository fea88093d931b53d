/**
 * Free-text matching over the indexed text of a trace (description, exception type and message,
 * activity name, source, subtype, and a message's action and To). Each distinct interned string is
 * tested once per query (memo per file), so a search over a million events is integer work.
 */
import type { ViewIndex } from './view-index';

export type EventTest = (g: number) => boolean;

export function textMatcher(view: ViewIndex, text: string): EventTest {
  const needle = text.toLowerCase();
  const perFile = view.files.map((f) => {
    const memo = new Int8Array(f.strings.length); // 0 unknown, 1 match, -1 no match
    const hit = (id: number): boolean => {
      if (id === 0) return false;
      let m = memo[id];
      if (m === 0) memo[id] = m = (f.strings[id] ?? '').toLowerCase().includes(needle) ? 1 : -1;
      return m === 1;
    };
    const ev = f.events;
    const mc = f.messages;
    return (i: number): boolean => {
      if (hit(ev.description[i]) || hit(ev.exceptionMessage[i]) || hit(ev.exceptionType[i]) || hit(ev.activityName[i]) || hit(ev.source[i]) || hit(ev.subType[i])) return true;
      const m = ev.message[i];
      return m >= 0 && (hit(mc.action[m]) || hit(mc.to[m]) || hit(mc.source[m]));
    };
  });
  return (g) => {
    const fi = view.fileOf[g];
    return perFile[fi](g - view.base[fi]);
  };
}
