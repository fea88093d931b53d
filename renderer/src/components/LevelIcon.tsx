import type { ReactNode } from 'react';
import type { RecordLevel } from '../../../shared/model';
import { LEVEL_LABEL } from '../format';

/**
 * Trace level icons drawn as inline SVG: font glyphs (‼ ✖ ⚠ ℹ) depend on the fonts installed and
 * rendered as empty boxes in Chromium on Linux. Colours come from CSS (`.glyph.<level>` sets
 * `color`), the shapes use currentColor; the marks inside are white.
 */
const SHAPES: Record<RecordLevel, ReactNode> = {
  // Octagon with "!!": worse than an error.
  critical: (
    <>
      <path d="M4.7 1h6.6L15 4.7v6.6L11.3 15H4.7L1 11.3V4.7z" fill="currentColor" />
      <path d="M5.8 4v5M10.2 4v5" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
      <circle cx="5.8" cy="12" r="1.1" fill="#fff" />
      <circle cx="10.2" cy="12" r="1.1" fill="#fff" />
    </>
  ),
  error: (
    <>
      <circle cx="8" cy="8" r="7" fill="currentColor" />
      <path d="M5.3 5.3l5.4 5.4M10.7 5.3l-5.4 5.4" stroke="#fff" strokeWidth="1.9" strokeLinecap="round" />
    </>
  ),
  warning: (
    <>
      <path d="M8 1.2L15.2 14.3H.8z" fill="currentColor" strokeLinejoin="round" />
      <path d="M8 5.6v4.2" stroke="#fff" strokeWidth="1.8" strokeLinecap="round" />
      <circle cx="8" cy="12.1" r="1" fill="#fff" />
    </>
  ),
  info: (
    <>
      <circle cx="8" cy="8" r="7" fill="currentColor" />
      <circle cx="8" cy="4.6" r="1.1" fill="#fff" />
      <path d="M8 7.2v5" stroke="#fff" strokeWidth="1.9" strokeLinecap="round" />
    </>
  ),
  verbose: <circle cx="8" cy="8" r="3" fill="currentColor" />,
};

/** The icon of a level; `labelled` adds an accessible name (when no text label follows it). */
export function LevelIcon({ level, labelled = false }: { level: RecordLevel; labelled?: boolean }) {
  return (
    <svg
      className={`glyph ${level}`}
      viewBox="0 0 16 16"
      width="12"
      height="12"
      role={labelled ? 'img' : undefined}
      aria-label={labelled ? LEVEL_LABEL[level] : undefined}
      aria-hidden={labelled ? undefined : true}
      data-level-icon={level}
    >
      {SHAPES[level]}
    </svg>
  );
}
