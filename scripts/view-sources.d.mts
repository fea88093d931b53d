export interface ReadmeScreenshot {
  file: string;
  shows: string;
  test: string;
  capture: string;
  sources: string[];
}
export declare const SCREENSHOTS: ReadmeScreenshot[];
export declare function viewSourcesHash(root: string, sources: readonly string[]): { hash: string; files: { path: string; sha256: string }[] };
