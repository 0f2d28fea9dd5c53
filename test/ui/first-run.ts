/** Shared steps of the browser tests: choosing the passcode on a fresh gateway, and opening the demo home. */
import type { Page } from 'playwright-core';

/** Sets the first-run passcode through the page and waits for the start page. */
export async function chooseFirstPasscode(page: Page, passcode: string): Promise<void> {
  await page.goto('/');
  await page.getByRole('heading', { name: 'Choose a passcode' }).waitFor();
  await page.getByLabel('New passcode').fill(passcode);
  await page.getByLabel('Type it again').fill(passcode);
  await page.getByRole('button', { name: 'Save passcode' }).click();
  await page.getByRole('heading', { name: 'Start a check' }).waitFor();
}

/** Opens the demo home from the start page; resolves with the new audit's id once its devices show. */
export async function openDemo(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Open the demo home' }).click();
  await page.getByRole('heading', { name: 'Devices in this home' }).waitFor({ timeout: 90_000 });
  const id = /\/audits\/([^/]+)\/devices$/.exec(new URL(page.url()).pathname)?.[1];
  if (!id) throw new Error(`not on a devices page: ${page.url()}`);
  return decodeURIComponent(id);
}
