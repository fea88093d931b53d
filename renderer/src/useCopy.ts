import { useState } from 'react';

/**
 * Copy to the clipboard with a short-lived note of what happened: `[note, copy]`, where
 * `copy(what, text)` writes `text` and shows `what` (or "copy refused") for 1.5 s.
 */
export function useCopy(): [string, (what: string, text: string | undefined) => void] {
  const [note, setNote] = useState('');
  const copy = (what: string, text: string | undefined) => {
    if (!text) return;
    void navigator.clipboard
      ?.writeText(text)
      .then(() => setNote(what))
      .catch(() => setNote('copy refused'));
    setTimeout(() => setNote(''), 1500);
  };
  return [note, copy];
}
