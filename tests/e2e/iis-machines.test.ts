/**
 * User task, end to end in Chromium against the browser host: a three-machine run (client APP01,
 * web host WEB01, data host DATA01; scripts/gen-three-machines.mjs) whose IIS log names the web
 * host RD77890D5837721. The engineer joins the names in the Machines panel, picks the 500 and lands
 * on the activity with the exception, picks a 503.2 and sees the clients that got ServerTooBusy,
 * goes back from the WCF activity to its request, and generates the capture configuration.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchChromium, screenshot } from './support/browser';
import { REPO, startHostProcess, type HostProcess } from './support/host';

if (!HAS_CHROMIUM) console.warn('SKIPPED machines end-to-end tests: /usr/bin/chromium is missing');
const describeBrowser = HAS_CHROMIUM ? describe : describe.skip;

interface Manifest {
  failedActivity: string;
  busyActivities: string[];
  iisRows: number;
  customRows: number;
}

/** A generated run in a folder of its own, a browser host on some of its files, and a page that has loaded them. */
function generatedRun(files: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'tl-three-e2e-'));
  const manifest = JSON.parse(execFileSync(process.execPath, [join(REPO, 'scripts', 'gen-three-machines.mjs'), dir], { encoding: 'utf8' })) as Manifest;
  const run = { manifest } as { manifest: Manifest; browser: Browser; host: HostProcess; page: Page };
  beforeAll(async () => {
    process.env.TRACELENS_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'tl-machines-config-'));
    run.host = await startHostProcess(files.map((f) => join(dir, f)));
    run.browser = await launchChromium();
    run.page = await run.browser.newPage({ viewport: { width: 1600, height: 1000 } });
    run.page.on('pageerror', (e) => console.error('page error:', e));
    await run.page.goto(run.host.url);
    for (const name of files) await run.page.locator(`[data-testid="file-item"][data-name="${name}"][data-state="loaded"]`).waitFor({ timeout: 60_000 });
  });
  afterAll(async () => {
    await run.browser?.close();
    await run.host?.stop();
  });
  return run;
}

describeBrowser('from a 503 in the IIS log to the WCF activity, across machines', () => {
  const run = generatedRun(['client.svclog', 'web.svclog', 'data.svclog', 'u_ex260314.log', 'fr000001.xml']);
  const { manifest } = run;
  let page: Page;
  beforeAll(() => {
    page = run.page;
  });

  /** Filters the request table to a status and opens its first row's detail. */
  async function pickRequest(status: string): Promise<void> {
    await page.getByTestId('view-iis').click();
    await page.locator('[data-testid="iis-request-table"][data-ready="true"]').waitFor();
    await page.getByTestId('iis-filter-status').fill(status);
    const row = page.locator(`[data-testid="iis-request-row"][data-status="${status}"]`).first();
    await row.waitFor();
    await row.click();
    await page.getByTestId('request-detail').waitFor();
  }

  it('the 500 links to nothing while the IIS log and the traces name the web host differently', async () => {
    await pickRequest('500');
    await expect.poll(() => page.getByTestId('request-detail').innerText()).toMatch(/No activity on RD77890D5837721 \(or a name joined to it in Machines\)/);
    expect(await page.getByTestId('wcf-candidate').count()).toBe(0);
  });

  it('joins RD77890D5837721 to WEB01 by dragging it in the Machines panel; the 500 lands on the activity with the exception', async () => {
    await page.getByTestId('machines-button').click();
    const panel = page.getByTestId('machines-panel');
    const web = panel.locator('[data-testid="machine"][data-machine="WEB01"]');
    await web.waitFor();
    // web01.contoso.com (the To addresses) is WEB01 already: same name, another domain suffix.
    expect(await web.getByTestId('machine-name').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).toEqual(expect.arrayContaining(['WEB01', 'web01.contoso.com']));
    await screenshot(page, 'machines-before-join');
    await panel.locator('[data-testid="machine-name"][data-name="RD77890D5837721"]').dragTo(web);
    await expect.poll(() => web.locator('[data-testid="machine-name"][data-name="RD77890D5837721"]').count()).toBe(1);
    await screenshot(page, 'machines-joined');
    await page.getByTestId('machines-button').click();
    const first = page.getByTestId('wcf-candidate').first();
    await expect.poll(() => first.getAttribute('data-activity-id')).toBe(manifest.failedActivity);
    expect(await first.innerText()).toMatch(/same machine \(WEB01 = RD77890D5837721\).*InvalidOperationException in the activity agrees with status 500/s);
    expect(await page.getByTestId('wcf-candidate').count()).toBeGreaterThan(1);
    expect(await page.getByTestId('request-freb').count()).toBe(1);
    await screenshot(page, 'machines-500-candidates');
  });

  it('the keyboard way: split the name off and join it again with "Same machine as…"', async () => {
    await page.getByTestId('machines-button').click();
    const panel = page.getByTestId('machines-panel');
    await panel.getByRole('button', { name: 'Split RD77890D5837721 off' }).click();
    const rd = panel.locator('[data-testid="machine"][data-machine="RD77890D5837721"]');
    await rd.waitFor();
    await rd.getByTestId('join-select').selectOption({ label: 'WEB01' });
    await rd.getByTestId('join-button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => panel.locator('[data-testid="machine"][data-machine="WEB01"] [data-testid="machine-name"][data-name="RD77890D5837721"]').count()).toBe(1);
    await page.getByTestId('machines-button').click();
    await expect.poll(() => page.getByTestId('wcf-candidate').first().getAttribute('data-activity-id')).toBe(manifest.failedActivity);
  });

  it('a 503.2 says no service activity exists by design and links the client activities that got ServerTooBusy', async () => {
    await pickRequest('503');
    await expect.poll(() => page.getByTestId('service-note').innerText()).toMatch(/503\.2.*concurrent request limit.*no service activity by design/);
    const failures = page.getByTestId('client-failure');
    await failures.first().waitFor();
    expect(manifest.busyActivities).toContain(await failures.first().getAttribute('data-activity-id'));
    expect(await failures.first().innerText()).toMatch(/client on APP01.*ServerTooBusyException/s);
    expect(await page.getByTestId('wcf-candidate').count()).toBe(0);
    await screenshot(page, 'machines-503-clients');
  });

  it('goes from the 500 to its activity in Traces and back from the activity to its IIS request', async () => {
    await pickRequest('500');
    await page.getByTestId('wcf-candidate').first().getByTestId('open-activity').click();
    await expect.poll(() => page.getByTestId('view-traces').getAttribute('aria-selected')).toBe('true');
    const back = page.getByTestId('activity-request');
    await back.first().waitFor();
    expect(await back.count()).toBe(1);
    expect(await back.first().innerText()).toMatch(/POST \/Orders\.svc → 500/);
    expect(await page.getByTestId('activity-freb').count()).toBe(1);
    await screenshot(page, 'machines-activity-requests');
    await back.first().getByTestId('open-request').click();
    await expect.poll(() => page.getByTestId('view-iis').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.getByTestId('request-detail').locator('h3').first().innerText()).toMatch(/POST \/Orders\.svc → 500/);
  });

  it('with the names joined, the web host picked in the filter keeps its traces and its IIS requests, whichever name each bears', async () => {
    await page.getByTestId('view-iis').click();
    await page.getByTestId('iis-filter-status').fill('');
    await page.getByTestId('view-traces').click();
    await page.getByTestId('filter-hosts-button').click();
    const hosts = page.getByTestId('filter-hosts');
    await hosts.locator('input[data-value="WEB01"]').waitFor();
    // One entry per machine: the IIS name is WEB01 now.
    expect(await hosts.locator('input[data-value="RD77890D5837721"]').count()).toBe(0);
    await hosts.locator('input[data-value="WEB01"]').check();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('filter-summary').innerText()).toMatch(/\(1,?741 of 3,?522 traces\); 1 filter/);
    // The IIS log names its server RD77890D5837721: every request of it stays.
    await page.getByTestId('view-iis').click();
    await expect.poll(() => page.locator('[data-testid="iis-request-table"][data-ready="true"]').getAttribute('data-total')).toBe(String(manifest.iisRows));
    await screenshot(page, 'machines-host-filter');
    await page.getByTestId('view-traces').click();
    await page.getByTestId('filter-clear').click();
    await expect.poll(() => page.getByTestId('filter-summary').innerText()).not.toMatch(/1 filter/);
    await pickRequest('500');
  });

  it('generates the capture configuration for the 500: XML that parses, procdump, the Azure paths', async () => {
    await page.getByTestId('capture-button').click();
    const sections = page.getByTestId('capture-section');
    await expect.poll(() => sections.count()).toBe(4);
    const texts = await sections.locator('pre').allInnerTexts();
    expect(XMLValidator.validate(texts[0])).toBe(true);
    expect(XMLValidator.validate(texts[1])).toBe(true);
    expect(texts[0]).toMatch(/<add path="Orders.svc">/);
    expect(texts[0]).toMatch(/statusCodes="500,503.2"/);
    expect(texts[0]).toMatch(/customActionParams="-ma -accepteula %1% C:\\Dumps"/);
    expect(texts[1]).toMatch(/customActionsEnabled="true"/);
    expect(texts[3]).toMatch(/DiagnosticStore\\LogFiles\\Web/);
    await page.getByTestId('capture-threshold').fill('7000');
    await expect.poll(async () => (await sections.first().locator('pre').innerText()).includes('timeTaken="00:00:07"')).toBe(true);
    await screenshot(page, 'machines-capture');
  });
});

describeBrowser('IIS logs that are only almost right', () => {
  const run = generatedRun(['stripped.log', 'headerless.log', 'one-line.log']);
  const { manifest } = run;
  let page: Page;
  beforeAll(() => {
    page = run.page;
  });

  const item = (name: string) => page.locator(`[data-testid="file-item"][data-name="${name}"]`);

  it('loads the stripped-header custom-field log and the headerless one with warnings naming the guess, and the one-line log with its warning', async () => {
    expect(Number(await item('stripped.log').getByTestId('file-records').innerText())).toBe(manifest.customRows);
    expect(Number((await item('headerless.log').getByTestId('file-records').innerText()).replace(/,/g, ''))).toBeGreaterThanOrEqual(manifest.customRows - 1);
    expect(await item('one-line.log').getByTestId('file-records').innerText()).toBe('0');
    const problems = await page.getByTestId('problems').innerText();
    expect(problems).toMatch(/a field list without its "#Fields: " prefix; it was read as the fields/);
    expect(problems).toMatch(/no #Fields directive, so the fields were guessed from the values .*X-Forwarded-For x-guid-2/);
    expect(problems).toMatch(/no line breaks/);
    expect(problems).toMatch(/No request rows were read/);
    expect(await item('headerless.log').getByTestId('file-fields').getAttribute('data-source')).toBe('guessed');
    expect(await item('stripped.log').getByTestId('file-fields').getAttribute('data-source')).toBe('field line');
    await screenshot(page, 'almost-right-logs');
  });

  it('corrects a guessed field name in the files pane and the log is read again with it', async () => {
    const fields = item('headerless.log').getByTestId('file-fields');
    await fields.getByTestId('file-fields-edit').click();
    const input = fields.getByTestId('file-fields-input');
    await input.fill((await input.inputValue()).replace('x-guid-2', 'X-ARR-LOG-ID'));
    await fields.getByTestId('file-fields-apply').click();
    await expect.poll(() => item('headerless.log').getByTestId('file-fields').getAttribute('data-source')).toBe('yours');
    await expect.poll(() => item('headerless.log').getByTestId('file-fields-names').innerText()).toMatch(/X-Forwarded-For X-ARR-LOG-ID$/);
    await page.locator('[data-testid="file-item"][data-name="headerless.log"][data-state="loaded"]').waitFor();
    // The IIS view's detail now names the field as corrected.
    await page.getByTestId('view-iis').click();
    await page.getByTestId('iis-filter-uri').fill('/api/orders/3');
    const row = page.locator('[data-testid="iis-request-row"]').first();
    await row.waitFor();
    await row.click();
    await expect.poll(() => page.getByTestId('request-fields').innerText()).toMatch(/X-ARR-LOG-ID/);
  });
});
