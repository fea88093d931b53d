import type { ReactNode } from 'react';
import { displayText } from '../safeText';

/**
 * Log text for display: made safe by displayText (bidi and control characters as visible escapes),
 * then every case-insensitive occurrence of `needle` wrapped in <mark> (React elements, never HTML).
 */
export function Highlight({ text, needle }: { text: string; needle?: string }) {
  const shown = displayText(text);
  const n = needle?.trim().toLowerCase();
  const lower = shown.toLowerCase();
  // A few characters change length when lowered (İ): offsets would drift, so mark nothing then.
  if (!n || lower.length !== shown.length) return <>{shown}</>;
  const parts: ReactNode[] = [];
  let at = 0;
  for (let i = lower.indexOf(n); i >= 0; i = lower.indexOf(n, i + n.length)) {
    if (i > at) parts.push(shown.slice(at, i));
    parts.push(
      <mark key={i} className="find-mark">
        {shown.slice(i, i + n.length)}
      </mark>,
    );
    at = i + n.length;
  }
  if (parts.length === 0) return <>{shown}</>;
  if (at < shown.length) parts.push(shown.slice(at));
  return <>{parts}</>;
}
