import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's chromium package; CI installs it (.ci/run). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where screenshots go: git-ignored, kept after the run for people to look at. */
export const SCREENSHOT_DIR = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../test-output/console');

export async function launchChromium(): Promise<Browser> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** Screenshots of the page at desktop and phone width; returns whether the phone layout overflows sideways. */
export async function screenshots(page: Page, name: string): Promise<{ phoneOverflow: number }> {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-1280.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-phone.png`), fullPage: true });
  const phoneOverflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
  await page.setViewportSize(DESKTOP);
  return { phoneOverflow };
}

/**
 * A quick accessibility pass: every visible form control has a label (a <label for>, a wrapping
 * label or an aria-label), the page has one <main> target for the skip link, and one <h1>.
 * Returns the problems found, empty when none.
 */
export function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(ACCESSIBILITY_CHECK);
}

/** Runs in the page (a string: the tests are type-checked without the DOM library). */
const ACCESSIBILITY_CHECK = `(() => {
  const problems = [];
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (el.type === 'hidden') continue;
    const labelled = (el.labels?.length ?? 0) > 0 || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
    if (!labelled) problems.push('unlabelled ' + el.tagName.toLowerCase() + ' name=' + el.getAttribute('name'));
  }
  for (const button of document.querySelectorAll('button')) {
    if (!(button.textContent ?? '').trim() && !button.getAttribute('aria-label')) problems.push('button without a name');
  }
  if (document.querySelectorAll('main#main').length !== 1) problems.push('no single <main id="main">');
  if (!document.querySelector('a.skip[href="#main"]')) problems.push('no skip link');
  if (document.querySelectorAll('h1').length !== 1) problems.push('not exactly one <h1>');
  for (const table of document.querySelectorAll('table')) {
    if (!table.querySelector('caption') || !table.querySelector('th[scope]')) problems.push('table without caption or header cells');
  }
  for (const img of document.querySelectorAll('img')) if (!img.getAttribute('alt')) problems.push('image without alt: ' + img.getAttribute('src'));
  return problems;
})()`;
