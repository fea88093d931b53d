import type { ReactNode } from 'react';

/** Text with every case-insensitive occurrence of `needle` wrapped in <mark> (React elements, never HTML). */
export function Highlight({ text, needle }: { text: string; needle?: string }) {
  const n = needle?.trim().toLowerCase();
  if (!n) return <>{text}</>;
  const lower = text.toLowerCase();
  const parts: ReactNode[] = [];
  let at = 0;
  for (let i = lower.indexOf(n); i >= 0; i = lower.indexOf(n, i + n.length)) {
    if (i > at) parts.push(text.slice(at, i));
    parts.push(
      <mark key={i} className="find-mark">
        {text.slice(i, i + n.length)}
      </mark>,
    );
    at = i + n.length;
  }
  if (parts.length === 0) return <>{text}</>;
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
