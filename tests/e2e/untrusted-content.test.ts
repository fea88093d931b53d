/**
 * Log content never runs (issue 9): a svclog written here carries script tags, event-handler
 * markup, `javascript:` URLs, HTML, bidi controls, control characters and a very long line in
 * every field the views show (activity name, description, exception, message Action/To, SOAP body,
 * host). Loaded in the real renderer through the browser host, every view is opened and checked:
 * nothing runs, no element comes from content, the text is shown literally, and invisible
 * characters are shown as visible escapes (renderer/src/safeText.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIND_WAIT, HAS_CHROMIUM, findAnswer, launchChromium, screenshot } from './support/browser';
import { startHostProcess, type HostProcess } from './support/host';

const describeBrowser = HAS_CHROMIUM ? describe : describe.skip;

const MARKUP = '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2"> <a href="javascript:window.__pwned=3">link</a> <b>bold</b> <iframe src="javascript:window.__pwned=5"></iframe>';
const BIDI = '\u202Eexe.txt\u202C \u2067rtl\u2069 \u200F\u061C';
/** U+0001, U+0008, ESC (written as character references: XML forbids them raw), DEL and NEL (allowed raw). */
const CONTROLS = '\u0001\u0008\u001B[31m\u007F\u0085';
const HOSTILE = `${MARKUP} ${BIDI} ${CONTROLS}`;
const LONG = 'L'.repeat(200_000);

/** XML text: markup escaped; control characters XML 1.0 forbids raw as character references, as .NET writes them. */
const x = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0001-\u0008\u000b\u000c\u000e-\u001f]/g, (c) => `&#x${c.charCodeAt(0).toString(16)};`);

const ACT = '{11111111-2222-3333-4444-555555555555}';
let second = 0;
function event(o: { level: number; subType: string; source?: string; host?: string; body: string }): string {
  const time = `2026-11-20T01:50:${String(second++).padStart(2, '0')}.0000000Z`;
  return (
    `<E2ETraceEvent xmlns="http://schemas.microsoft.com/2004/06/E2ETraceEvent"><System xmlns="http://schemas.microsoft.com/2004/06/windows/eventlog/system">` +
    `<EventID>0</EventID><Type>3</Type><SubType Name="${o.subType}">0</SubType><Level>${o.level}</Level><TimeCreated SystemTime="${time}" />` +
    `<Source Name="${x(o.source ?? 'System.ServiceModel')}" /><Correlation ActivityID="${ACT}" />` +
    `<Execution ProcessName="w3wp" ProcessID="3388" ThreadID="10" /><Channel /><Computer>${x(o.host ?? 'APP01')}</Computer></System>` +
    `<ApplicationData>${o.body}</ApplicationData></E2ETraceEvent>\n`
  );
}
const record = (severity: string, inner: string) =>
  `<TraceData><DataItem><TraceRecord xmlns="http://schemas.microsoft.com/2004/10/E2ETraceEvent/TraceRecord" Severity="${severity}"><TraceIdentifier>x</TraceIdentifier>${inner}</TraceRecord></DataItem></TraceData>`;

function hostileSvclog(): string {
  return [
    event({ level: 255, subType: 'Start', body: record('Start', `<Description>Activity boundary.</Description><ExtendedData xmlns="http://schemas.microsoft.com/2006/08/ServiceModel/DictionaryTraceRecord"><ActivityName>${x(`Process action ${HOSTILE}`)}</ActivityName><ActivityType>ProcessAction</ActivityType></ExtendedData>`) }),
    event({ level: 8, subType: 'Information', host: `APP\u202E01`, source: `Src ${MARKUP}`, body: record('Information', `<Description>${x(`Description ${HOSTILE}`)}</Description>`) }),
    event({
      level: 2,
      subType: 'Error',
      body: record('Error', `<Description>Throwing an exception.</Description><Exception><ExceptionType>${x(`Evil${MARKUP}Exception`)}</ExceptionType><Message>${x(`Message ${HOSTILE}`)}</Message><StackTrace>${x(`   at A.B()\n   at ${HOSTILE}`)}</StackTrace></Exception>`),
    }),
    event({ level: 1, subType: 'Critical', body: record('Critical', `<Description>${x(`Critical ${HOSTILE}`)}</Description>`) }),
    event({
      level: 8,
      subType: 'Information',
      source: 'System.ServiceModel.MessageLogging',
      body:
        `<TraceData><DataItem><MessageLogTraceRecord Time="2026-11-20T01:50:00.687Z" Source="TransportReceive" Type="System.ServiceModel.Channels.BufferedMessage" xmlns="http://schemas.microsoft.com/2004/06/ServiceModel/Management/MessageTrace">` +
        `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing"><s:Header>` +
        `<a:Action s:mustUnderstand="1">${x(`urn:${HOSTILE}`)}</a:Action><a:To s:mustUnderstand="1">javascript:window.__pwned=3</a:To></s:Header>` +
        `<s:Body><Order xmlns="http://tracelens.test/"><note>${x(`Body ${HOSTILE}`)}</note><html>${x('<div onclick="window.__pwned=6">html</div>')}</html></Order></s:Body></s:Envelope></MessageLogTraceRecord></DataItem></TraceData>`,
    }),
    event({ level: 4, subType: 'Warning', body: record('Warning', `<Description>${x(`Long ${LONG} end ${BIDI}`)}</Description>`) }),
    // Stray markup between events: reported in the problems panel, never parsed as HTML.
    `<script>window.__pwned=4</script>\n`,
    event({ level: 255, subType: 'Stop', body: record('Stop', '<Description>Activity boundary.</Description>') }),
  ].join('');
}

/** Everything a user can see or hover: rendered text, tooltips, and the filter bar's options. */
async function shownText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const titles = [...document.querySelectorAll('[title]')].map((e) => e.getAttribute('title'));
    const options = [...document.querySelectorAll('option, label')].map((e) => e.textContent);
    return [document.body.innerText, ...titles, ...options].join('\n');
  });
}

/** Script state and the elements content could have created (the app's own logo is one of them: compared with a baseline). */
async function elements(page: Page) {
  return page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: number }).__pwned,
    scripts: document.querySelectorAll('script').length,
    dangerous: [...document.querySelectorAll('img, iframe, object, embed, a[href^="javascript"], [onerror], [onclick], b, div[onclick]')].map((e) => e.outerHTML.slice(0, 120)),
  }));
}
type Baseline = Awaited<ReturnType<typeof elements>>;

/** The checks made after opening each view. */
async function assertInert(page: Page, baseline: Baseline, view: string): Promise<string> {
  expect(await elements(page), view).toEqual(baseline);
  const text = await shownText(page);
  // Bidi controls and control characters never reach the screen: each shows as a visible escape.
  expect(text.match(/.{0,30}[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g), view).toBeNull();
  expect(text.match(/.{0,30}[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g), view).toBeNull();
  return text;
}

describeBrowser('untrusted log content', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-untrusted-'));
  const file = join(dir, 'hostile-content.svclog');
  let browser: Browser;
  let host: HostProcess;
  let page: Page;
  let scripts: Baseline;

  beforeAll(async () => {
    process.env.TRACELENS_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'tl-untrusted-config-'));
    writeFileSync(file, hostileSvclog());
    browser = await launchChromium();
    host = await startHostProcess([file]);
    page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    page.on('pageerror', (e) => console.error('page error:', e));
    page.on('dialog', (d) => void d.dismiss());
    await page.goto(host.url);
    await page.locator('[data-testid="file-item"][data-state="loaded"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="activity-table"][data-ready="true"]').waitFor();
    scripts = await elements(page);
    expect(scripts.pwned).toBeUndefined();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('activities, traces, the files and problems panels: shown as text', async () => {
    const activity = page.getByTestId('activity-row').filter({ hasText: 'Process action' }).first();
    await activity.click();
    await page.locator('[data-testid="trace-table"][data-ready="true"]').waitFor();
    await expect.poll(() => page.getByTestId('trace-row').count()).toBeGreaterThan(5);
    await page.getByTestId('problems').waitFor();
    const text = await assertInert(page, scripts, 'activities');
    expect(text).toContain('Process action <script>window.__pwned=1</script>');
    expect(text).toContain('<img src=x onerror="window.__pwned=2">');
    expect(text).toContain('⟨U+202E⟩exe.txt⟨U+202C⟩ ⟨U+2067⟩rtl⟨U+2069⟩');
    expect(text).toContain('⟨U+0001⟩⟨U+0008⟩⟨U+001B⟩[31m⟨U+007F⟩⟨U+0085⟩');
    expect(text).toContain('APP⟨U+202E⟩01');
    // Every level icon is drawn (SVG), critical included.
    expect(await page.locator('[data-testid="trace-row"] svg.glyph.critical').count()).toBe(1);
    await screenshot(page, 'untrusted-activities');
  });

  it('every trace in the detail: Formatted, XML, Message and Raw tabs', async () => {
    const rows = page.getByTestId('trace-row');
    const n = await rows.count();
    for (let i = 0; i < n; i++) {
      await rows.nth(i).click();
      const index = await rows.nth(i).getAttribute('data-index');
      await page.locator(`[data-testid="detail"][data-index="${index}"]`).waitFor();
      for (const tab of ['formatted', 'xml', 'message', 'raw']) {
        const button = page.getByTestId(`detail-tab-${tab}`);
        if ((await button.count()) === 0) continue;
        await button.click();
        await page.getByTestId(`detail-body-${tab}`).waitFor();
        const text = await assertInert(page, scripts, `trace ${index}, ${tab}`);
        const body = await page.getByTestId(`detail-body-${tab}`).innerText();
        // XML tabs show the markup of the trace, so its text keeps its escapes; Formatted shows it decoded.
        const script = tab === 'formatted' ? '<script>window.__pwned=1</script>' : '&lt;script&gt;window.__pwned=1&lt;/script&gt;';
        if (index === '5') expect(body).toContain('Long LLL');
        else if (index !== '0' && index !== '6' && !(index === '4' && tab === 'formatted')) expect(body, `trace ${index}, ${tab}`).toContain(script);
        if (index === '4' && tab === 'message') {
          expect(body).toContain('javascript:window.__pwned=3');
          expect(body).toContain("&lt;div onclick=&quot;window.__pwned=6&quot;&gt;html&lt;/div&gt;");
          await screenshot(page, 'untrusted-message');
        }
        if (index === '2' && tab === 'formatted') await screenshot(page, 'untrusted-exception');
        expect(text.length).toBeGreaterThan(0);
      }
    }
    await page.getByTestId('detail-tab-formatted').click();
  });

  it('the message view and all records', async () => {
    await page.getByTestId('tab-messages').click();
    await expect.poll(() => page.getByTestId('message-row').count()).toBe(1);
    const text = await assertInert(page, scripts, 'messages');
    expect(text).toContain('urn:<script>window.__pwned=1</script>');
    expect(text).toContain('javascript:window.__pwned=3');
    await screenshot(page, 'untrusted-messages');
    await page.getByTestId('tab-records').click();
    await expect.poll(() => page.getByTestId('record-row').count()).toBe(7);
    await assertInert(page, scripts, 'all records');
    await screenshot(page, 'untrusted-records');
    await page.getByTestId('tab-activities').click();
  });

  it('find marks hits inside hostile text without making elements', async () => {
    await page.keyboard.press('Control+f');
    const input = page.getByTestId('find-input');
    await input.fill('<script>');
    await input.press('Enter');
    await expect.poll(findAnswer(page), FIND_WAIT).toMatch(/^1 of \d+$/);
    await expect.poll(() => page.locator('mark.find-mark').count()).toBeGreaterThan(0);
    const marks = await page.locator('mark.find-mark').allTextContents();
    expect(marks.map((m) => m.toLowerCase())).toEqual(marks.map(() => '<script>'));
    await assertInert(page, scripts, 'find');
    await screenshot(page, 'untrusted-find');
    await page.getByRole('button', { name: 'Close find' }).click();
  });
});
