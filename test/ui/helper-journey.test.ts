/**
 * The remote-helper journey (DESIGN.md journey 3) in Chromium with two real gateways, each with its own data
 * folder: the survivor exports the demo audit for a helper with a passphrase (a neutral file name; names that lead
 * to the home hidden), the helper's gateway opens it for review (banner, answers locked), the helper comments on a
 * device and sends it back with the default choice (not redacted a second time), and the survivor's gateway shows
 * that comment on the same device, signed as the helper wrote it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { AuditSummary, AuditView } from '../../gateway/contract.ts';
import { launchBrowser, mainText, openPage, screenshot, type Guards } from './browser.ts';
import { chooseFirstPasscode, openDemo } from './first-run.ts';
import { startGateway, type GatewayProcess } from './gateway-process.ts';

// Not only ASCII: the passphrase travels in a header as base64 of its UTF-8 bytes.
const PASSPHRASE = 'chaleira azul na escadaria, ção';
const COMMENT = 'Please ask who set up this device before changing anything.';
const SIGNATURE = 'Ana from the helpline';
let survivorGw: GatewayProcess;
let helperGw: GatewayProcess;
let browser: Browser;
let survivor: Page;
let helper: Page;
const guards: Guards[] = [];
let files: string;
let auditId = '';
let sharedFile = '';
let returnedFile = '';
let helperAuditId = '';
let helperDevice = { id: '', name: '' };

function api<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (p) => (await fetch(p, { credentials: 'same-origin' })).json(), path) as Promise<T>;
}

/** Clicks the export button and keeps the downloaded file under its suggested name. */
async function download(page: Page, button: string): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  const path = join(files, dl.suggestedFilename());
  await dl.saveAs(path);
  return path;
}

/** Sends a file through the start page's import form (from any page of the app). */
async function importFile(page: Page, file: string, passphrase: string): Promise<void> {
  const start = page.getByRole('link', { name: 'Start', exact: true });
  if (await start.count()) await start.click();
  await page.getByRole('heading', { name: 'Start a check' }).waitFor();
  await page.getByLabel('Shared file (.json or .age)').setInputFiles(file);
  await page.getByLabel('Passphrase (only if the file is locked)').fill(passphrase);
  await page.getByRole('button', { name: 'Open the shared file' }).click();
}

describe('remote helper journey: two gateways, export → review → comment → back (Chromium)', () => {
  beforeAll(async () => {
    files = mkdtempSync(join(tmpdir(), 'hs-helper-files-'));
    [survivorGw, helperGw] = await Promise.all([startGateway(), startGateway()]);
    browser = await launchBrowser();
    const a = await openPage(browser, survivorGw.url);
    const b = await openPage(browser, helperGw.url);
    survivor = a.page;
    helper = b.page;
    guards.push(a.guards, b.guards);
    await chooseFirstPasscode(survivor, 'survivor-passcode-1');
    await chooseFirstPasscode(helper, 'helper-passcode-22');
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([survivorGw?.stop(), helperGw?.stop()]);
    rmSync(files, { recursive: true, force: true });
  });

  it('survivor: exports the demo for a helper, locked with a passphrase typed twice', async () => {
    auditId = await openDemo(survivor);
    await survivor.getByRole('link', { name: 'Report' }).click();
    await survivor.getByRole('heading', { name: 'Save or share this check' }).waitFor();
    // The helper copy is the default, and the page says what it hides.
    expect(await survivor.getByRole('radio', { name: /Share with a helper/ }).isChecked()).toBe(true);
    expect(await mainText(survivor)).toContain('network addresses are replaced by made-up ones');
    await survivor.getByLabel('Passphrase to lock the file (optional)').fill(PASSPHRASE);
    await survivor.getByLabel('Type the passphrase again').fill('something else entirely');
    await survivor.getByRole('button', { name: 'Save the file' }).click();
    await survivor.getByText('The two passphrases are not the same.').waitFor();
    await survivor.getByLabel('Passphrase to lock the file (optional)').fill(PASSPHRASE);
    await survivor.getByLabel('Type the passphrase again').fill(PASSPHRASE);
    sharedFile = await download(survivor, 'Save the file');
    // A neutral name: no product name, no date.
    expect(sharedFile.split('/').pop()).toBe('notes-shared.age');
    const text = readFileSync(sharedFile, 'utf8');
    expect(text.startsWith('-----BEGIN AGE ENCRYPTED FILE-----')).toBe(true);
    // Neither the passphrase nor the survivor's addresses travel in clear.
    const view = await api<AuditView>(survivor, `/api/audits/${auditId}?lang=en`);
    const ip = view.devices.flatMap((d) => d.ips)[0]!;
    expect(text).not.toContain(ip);
    // The passphrase fields are emptied once the file is made.
    expect(await survivor.getByLabel('Passphrase to lock the file (optional)').inputValue()).toBe('');
    await survivor.getByText(/was saved to your downloads/).waitFor();
  });

  it('helper: a wrong passphrase is refused in plain words; the right one opens a read-only review', async () => {
    await importFile(helper, sharedFile, 'not the passphrase');
    await helper.getByText('That passphrase does not open this file. Check it with the person who sent it.').waitFor();
    expect(await helper.getByLabel('Passphrase (only if the file is locked)').inputValue()).toBe('');
    await helper.getByLabel('Passphrase (only if the file is locked)').fill(PASSPHRASE);
    await helper.getByRole('button', { name: 'Open the shared file' }).click();
    await helper.getByText('The check was opened for review (read-only).').waitFor();
    await helper.getByRole('button', { name: 'Go to the check' }).click();
    await helper.getByRole('heading', { name: 'Devices in this home' }).waitFor();
    helperAuditId = decodeURIComponent(/\/audits\/([^/]+)\//.exec(new URL(helper.url()).pathname)![1]!);
    expect(helperAuditId).toBe(auditId); // The export keeps the audit's id, which is how the way back finds it.
    await helper.getByText('You are reviewing an audit someone shared with you. You can add comments; you cannot change answers.').waitFor();
    const summary = (await api<AuditSummary[]>(helper, '/api/audits')).find((a) => a.id === helperAuditId)!;
    expect(summary.readOnly).toBe(true);
    // The dynamic-DNS name the camera used leads to the home: the helper sees a stand-in under the same service.
    const seen = JSON.stringify(await api<AuditView>(helper, `/api/audits/${helperAuditId}?lang=en`));
    expect(seen).not.toContain('homecam-4821');
    expect(seen).toContain('[home-1].duckdns.org');
    await screenshot(helper, 'helper-01-review');
  });

  it('helper: checklist answers cannot be changed in review mode', async () => {
    await helper.getByRole('link', { name: 'Checklist' }).click();
    await helper.getByRole('heading', { name: 'Checklist' }).waitFor();
    const first = helper.locator('hs-checklist-item').first();
    expect(await first.locator('input[type="radio"]').first().isDisabled()).toBe(true);
    expect(await first.locator('textarea').getAttribute('readonly')).not.toBeNull();
    expect(await helper.locator('hs-review-banner').isVisible()).toBe(true);
  });

  it('helper: adds a comment on a device, then sends back a full copy', async () => {
    await helper.getByRole('link', { name: 'Devices' }).click();
    const link = helper.locator('hs-page-devices a[data-device]').first();
    helperDevice = { id: (await link.getAttribute('data-device'))!, name: '' };
    await link.click();
    const h1 = helper.locator('hs-page-device h1');
    await h1.waitFor();
    helperDevice.name = (await h1.textContent())!.trim();
    const box = helper.locator('hs-page-device > hs-comments').first();
    await box.getByRole('button', { name: 'Add a comment' }).click();
    await box.getByLabel('Your comment').fill(COMMENT);
    expect(await box.getByLabel('Signed as (optional)').inputValue()).toBe('helper');
    await box.getByLabel('Signed as (optional)').fill(SIGNATURE);
    await box.getByRole('button', { name: 'Save the comment' }).click();
    await box.getByText(COMMENT).waitFor();
    await box.getByText(new RegExp(`^${SIGNATURE}, `)).waitFor();
    const view = await api<AuditView>(helper, `/api/audits/${helperAuditId}?lang=en`);
    expect(view.comments.map((c) => [c.target.kind, c.target.id, c.text])).toContainEqual(['device', helperDevice.id, COMMENT]);
    await screenshot(helper, 'helper-02-comment');

    await helper.getByRole('link', { name: 'Report' }).click();
    // In review mode the usual choice, sending it back, is the default.
    expect(await helper.getByRole('radio', { name: /Send back with your comments/ }).isChecked()).toBe(true);
    await helper.getByText(/The copy goes back as it came to you/).waitFor();
    await screenshot(helper, 'helper-02b-send-back');
    returnedFile = await download(helper, 'Save the file');
    expect(returnedFile.split('/').pop()).toBe('notes.json');
    const back = JSON.parse(readFileSync(returnedFile, 'utf8')) as { comments: { text: string; author: string; target: { id?: string } }[] };
    // Not redacted again: the comment keeps the device id the helper saw and the signature the helper typed.
    expect(back.comments).toContainEqual(expect.objectContaining({ text: COMMENT, author: SIGNATURE, target: { kind: 'device', id: helperDevice.id } }));
  });

  it('survivor: a copy changed on the way is refused in plain words, and nothing is added', async () => {
    const tampered = join(files, 'tampered.json');
    writeFileSync(tampered, readFileSync(returnedFile, 'utf8').replace(COMMENT, 'Reset every camera now.'));
    await importFile(survivor, tampered, '');
    await survivor.getByText('This file was changed or damaged after it was saved, so it was not opened. Ask for a new copy.').waitFor();
    const view = await api<AuditView>(survivor, `/api/audits/${auditId}?lang=en`);
    expect(view.comments).toEqual([]);
  });

  it('survivor: importing the returned copy adds the comment to the same device', async () => {
    await importFile(survivor, returnedFile, '');
    await survivor.getByText('1 comment from your helper was added.').waitFor();
    await survivor.getByRole('button', { name: 'Go to the check' }).click();
    await survivor.getByRole('heading', { name: 'Devices in this home' }).waitFor();
    expect(new URL(survivor.url()).pathname).toBe(`/audits/${encodeURIComponent(auditId)}/devices`);
    // No review banner on one's own audit.
    expect(await survivor.locator('hs-review-banner').count()).toBe(0);
    const view = await api<AuditView>(survivor, `/api/audits/${auditId}?lang=en`);
    const comment = view.comments.find((c) => c.text === COMMENT);
    expect(comment?.target.kind).toBe('device');
    // The helper saw redacted ids; the gateway mapped the comment back to one of the survivor's own devices,
    // the one in the same place in the list.
    const original = view.devices.find((d) => d.id === comment!.target.id);
    expect(original).toBeDefined();
    expect(original!.id).not.toBe(helperDevice.id);
    await survivor.locator(`hs-page-devices a[data-device="${original!.id}"]`).click();
    await survivor.locator('hs-page-device h1').waitFor();
    const box = survivor.locator('hs-page-device > hs-comments').first();
    await box.getByText(COMMENT).waitFor();
    await box.getByText(new RegExp(`^${SIGNATURE}, `)).waitFor();
    expect(comment!.author).toBe(SIGNATURE);
    // Adding comments is offered only in review mode.
    expect(await box.getByRole('button', { name: 'Add a comment' }).count()).toBe(0);
    await screenshot(survivor, 'helper-03-back-home');
  });

  it('made no third-party request, broke no CSP rule, opened no dialog, threw no error', () => {
    for (const g of guards) expect(g).toEqual({ foreignRequests: [], cspViolations: [], dialogs: [], pageErrors: [] });
  });
});
