// What the browser scripts share: Debian's Chromium through playwright-core (which downloads no browser), started
// headless with the flags this machine needs, in a fresh profile folder that close() deletes again.
//
// Environment: CHROMIUM (default /usr/bin/chromium), CHROMIUM_PROFILE_DIR (default target/chromium-profile-<pid>).
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const profile = resolve(process.env.CHROMIUM_PROFILE_DIR || join('target', 'chromium-profile-' + process.pid));

/** Ends the script with a failed summary line unless Chromium is installed. */
export function requireChromium() {
  if (!existsSync(executablePath)) {
    const error = `no Chromium at ${executablePath} (apt-get install chromium)`;
    console.log(JSON.stringify({ summary: true, ok: false, error }));
    process.exit(1);
  }
}

/** A browser context with no pages open, and close(), which also deletes its profile folder. */
export async function launchBrowser(viewport) {
  rmSync(profile, { recursive: true, force: true });
  mkdirSync(profile, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport,
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
    ],
  });
  for (const page of context.pages()) await page.close(); // the blank start page
  return context;
}

/** Closes the context (if it started) and deletes the profile folder. */
export async function closeBrowser(context) {
  await context?.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
}

/** Ends the script with a failed summary line if it is still running after {@code seconds}. */
export function giveUpAfter(seconds) {
  setTimeout(() => {
    console.log(JSON.stringify({ summary: true, ok: false, error: `gave up after ${seconds} s` }));
    process.exit(1);
  }, seconds * 1000).unref();
}

/** Runs one named step and prints it as a JSON line; a failure names the step. */
export async function step(name, body) {
  const started = Date.now();
  let detail;
  try {
    detail = await body();
  } catch (err) {
    throw new Error(`${name}: ${err?.message ?? err}`);
  }
  console.log(JSON.stringify({ step: name, ok: true, ms: Date.now() - started, detail }));
}

/** Throws {@code message} unless {@code condition} holds. */
export function check(condition, message) {
  if (!condition) throw new Error(message);
}

/**
 * Tells console errors that are no fault of a page apart: a long-poll GET that reached the server after the page's
 * own close packet. When the Socket.IO client closes a polling connection (a refused namespace, a server disconnect,
 * a new sign-in) it POSTs "1" while its GET may still be on the way; the server has forgotten the session by then
 * and answers 400 "Session ID unknown", as Socket.IO's own server does, and Chromium logs a failed resource load.
 * Call watch(page) before the page loads; lateAfterClose(msg) is true for such an error.
 */
export function closedPollingSessions() {
  const closed = new Set(); // Engine.IO sessions a page closed itself (it sent the close packet "1")
  return {
    watch(page) {
      page.on('request', (request) => {
        const url = new URL(request.url());
        const sid = url.searchParams.get('sid');
        if (request.method() === 'POST' && sid && url.searchParams.get('transport') === 'polling'
            && (request.postData() ?? '').split('\x1e').includes('1')) {
          closed.add(sid);
        }
      });
    },
    lateAfterClose(msg) {
      if (!msg.text().startsWith('Failed to load resource: the server responded with a status of 400')) return false;
      try {
        const url = new URL(msg.location().url);
        return url.searchParams.get('transport') === 'polling' && closed.has(url.searchParams.get('sid'));
      } catch {
        return false;
      }
    },
  };
}
