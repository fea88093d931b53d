/** The query grammar as the keyboard help (F1) lists it; the README's "Filter query" section says the same. */
export const QUERY_HELP: readonly { example: string; meaning: string }[] = [
  { example: 'timeout order', meaning: 'both words, anywhere in the indexed text (case-insensitive)' },
  { example: '"timeout contacting"', meaning: 'the exact phrase' },
  { example: '-retry', meaning: 'without this word (or field, phrase, group)' },
  { example: 'host:WEB01   action:Submit', meaning: 'the field contains the value; host=WEB01 equals it, host!=WEB01 does not' },
  { example: 'level>=warning   eventid=131   thread:9', meaning: 'comparisons on levels and numbers (= != < <= > >=)' },
  { example: 'duration>500ms   time>=22:01:20', meaning: 'the activity’s duration (us, ms, s, m, h); time of day or 2026-11-23T22:01, read in the time zone shown (the toolbar’s Time choice; the CLI’s --tz)' },
  { example: '/time.?out/i   description:/^Order \\d+ failed/', meaning: 'a regular expression (flags i m s u); one that runs too long on a record is stopped and reported' },
  { example: 'error or warning   (a or b) -c', meaning: 'either side; parentheses group; words side by side must all match' },
];
