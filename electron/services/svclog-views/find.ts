/**
 * What find matches, per STV's "Look in": the indexed fields (description, exception, activity
 * name, source, action… — instant) or the whole XML of each trace (a raw scan of the files,
 * cached per file and text). The whole-XML test also accepts indexed-field hits, so it never finds
 * less (entity spellings such as &#233; in the file still match the decoded text).
 */
import type { FindLookIn } from '../../../shared/channels/svclog';
import { rawMatches } from './raw-search';
import { textMatcher, type EventTest } from './text-match';
import type { ViewIndex } from './view-index';

export interface FindMatcher {
  test: EventTest;
  lookIn: FindLookIn;
  /** False when a raw scan stopped at its deadline: hits beyond what it read are missing. */
  complete: boolean;
}

export async function findMatcher(view: ViewIndex, text: string, lookIn: FindLookIn): Promise<FindMatcher> {
  const fields = textMatcher(view, text);
  if (lookIn === 'fields') return { test: fields, lookIn, complete: true };
  const raw = await Promise.all(view.files.map((f) => rawMatches(f, text)));
  const test: EventTest = (g) => {
    const fi = view.fileOf[g];
    return raw[fi].mask[g - view.base[fi]] === 1 || fields(g);
  };
  return { test, lookIn, complete: raw.every((r) => r.complete) };
}
