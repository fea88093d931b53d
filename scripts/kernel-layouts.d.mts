/** Each generated layout module and the text the description gives it. */
export const LAYOUT_FILES: { file: string; text: () => string }[];
export function writeLayouts(root: string): void;
