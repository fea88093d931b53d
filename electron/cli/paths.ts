/** Where the built app lives, both when running from out/*.cjs bundles and from sources (tests). */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pkg from '../../package.json';

const here = fileURLToPath(import.meta.url);
const bundled = here.endsWith('.cjs');

/** The out/ folder: the bundles' own folder, or <repo>/out from sources. */
export const OUT_DIR = bundled ? dirname(here) : resolve(dirname(here), '../../out');
export const RENDERER_DIR = join(OUT_DIR, 'renderer');
export const REPO_DIR = resolve(OUT_DIR, '..');

export const APP_NAME = 'TraceLens';
export const APP_VERSION: string = pkg.version;
