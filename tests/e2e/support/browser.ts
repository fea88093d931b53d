/**
 * Debian's Chromium driven by playwright-core: never a downloaded browser. Started the way this
 * machine needs (root: --no-sandbox; closed network: no background connections).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO } from './host';

export const CHROMIUM = process.env.TRACELENS_CHROMIUM ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
export const SCREENSHOT_DIR = join(REPO, 'test-results', 'screenshots');

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Simulates a user dropping local files on the page (a real DataTransfer carrying File objects). */
export async function dropFiles(page: Page, files: { name: string; content: Buffer; type?: string }[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, b64: f.content.toString('base64'), type: f.type ?? 'application/octet-stream' }));
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    return dt;
  }, payload);
  for (const type of ['dragenter', 'dragover', 'drop']) {
    await page.dispatchEvent('body', type, { dataTransfer });
  }
}

/**
 * Find's answer, read as a user reads it: while the bar says "Searching…" (a whole-XML scan on a
 * busy machine can take seconds) the user waits; then the status is the answer.
 */
/** How long a poll of findAnswer may take: the wait for "Searching…" to end and a little more. */
export const FIND_WAIT = { timeout: 35_000 };

export function findAnswer(page: Page): () => Promise<string> {
  return async () => {
    await page.locator('[data-testid="find-status"]:not([aria-busy])').waitFor({ timeout: 30_000 });
    return page.getByTestId('find-status').innerText();
  };
}

/** A page on a host started with `files`, once every one of them shows as loaded in the files pane. */
export async function openLoaded(browser: Browser, host: { url: string }, files: string[], viewport = { width: 1500, height: 950 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on('pageerror', (e) => console.error('page error:', e));
  await page.goto(host.url);
  for (const file of files) await page.locator(`[data-testid="file-item"][data-name="${basename(file)}"][data-state="loaded"]`).waitFor({ timeout: 60_000 });
  return page;
}
