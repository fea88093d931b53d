/**
 * Display of untrusted log text. React already renders strings as text (never HTML), so markup and
 * `javascript:` URLs stay inert; what remains are invisible characters that change how text looks:
 * bidi controls (a U+202E in a description would reverse the columns after it) and control
 * characters. Each is replaced by a visible escape "⟨U+202E⟩" — one notation for all, drawn with
 * glyphs every installed font has (Control Pictures such as ␀ are missing on Linux).
 *
 * Tab, line feed and carriage return are kept: multi-line views (stack traces, XML) need them and
 * single-line cells collapse them as white space.
 */

/** C0 controls except TAB/LF/CR, DEL and C1 controls, bidi marks, embeddings, overrides, isolates; line/paragraph separators; BOM. */
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** "⟨U+202E⟩" for one invisible character. */
export const escapeOf = (ch: string): string => `⟨U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`;

/** Log text made safe to show: every invisible or reordering character becomes a visible escape. */
export function displayText(text: string): string {
  INVISIBLE.lastIndex = 0;
  return INVISIBLE.test(text) ? text.replace(INVISIBLE, escapeOf) : text;
}

/** At most `max` characters: the start and the end of a longer text around an ellipsis. */
export function shortenMiddle(text: string, max = 80): string {
  if (text.length <= max) return text;
  const head = Math.ceil((max - 1) * 0.6);
  return `${text.slice(0, head)}…${text.slice(text.length - (max - 1 - head))}`;
}

/** A name from a file (process, computer, source, URI) for a label: visible escapes, long ones shortened. */
export const displayName = (text: string, max = 80): string => displayText(shortenMiddle(text, max));
