// Browser check of the chat demo: two pages of Debian's Chromium (driven by playwright-core, which downloads
// no browser) chat with each other through a running Switchboard.
//
//   node browser-chat.mjs <baseUrl> <screenshotPath>
//
// Environment: CHROMIUM (default /usr/bin/chromium), CHROMIUM_PROFILE_DIR (default target/chromium-profile-<pid>;
// a fresh folder, deleted afterwards). Prints one JSON line per step and a summary; exits 1 on failure. The
// screenshot shows the receiving page; a second one (<name>-room.png) shows a room.
import { closeBrowser, giveUpAfter, launchBrowser, requireChromium, step } from './browser.mjs';
import { io } from 'socket.io-client';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const [baseUrl, screenshotPath] = process.argv.slice(2);
if (!baseUrl || !screenshotPath) {
  console.error('usage: node browser-chat.mjs <baseUrl> <screenshotPath>');
  process.exit(2);
}
const WAIT = 15_000;
const token = randomBytes(4).toString('hex');
const roomShot = screenshotPath.replace(/(\.png)?$/i, '-room.png');

giveUpAfter(120);

requireChromium();

const problems = []; // console errors and uncaught exceptions of either page

async function openChat(context, nick) {
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`${nick}: console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`${nick}: ${err.message}`));
  await page.goto(baseUrl, { waitUntil: 'load' });
  await page.waitForSelector('#status[data-state="connected"]', { timeout: WAIT });
  await page.fill('#nick-input', nick);
  await page.click('#nick-form button[type="submit"]');
  await page.waitForSelector('#nick-overlay', { state: 'hidden', timeout: WAIT });
  return page;
}

/** Waits until `page` shows a chat message with exactly `text` from `nick`. */
async function waitForMessage(page, nick, text) {
  const message = page.locator('#logs .log:visible .message').filter({
    has: page.locator('.text', { hasText: text }),
  });
  await message.first().waitFor({ state: 'visible', timeout: WAIT });
  const shownNick = await message.first().locator('.nick').textContent();
  if (shownNick !== nick) throw new Error(`the message shows nick "${shownNick}", expected "${nick}"`);
}

let context;
let ok = false;
try {
  mkdirSync(dirname(resolve(screenshotPath)), { recursive: true });
  context = await launchBrowser({ width: 1100, height: 720 });

  let alice;
  let bob;
  await step('open two chat pages', async () => {
    alice = await openChat(context, 'alice-' + token);
    bob = await openChat(context, 'bob-' + token);
    return { status: await bob.textContent('#status-text') };
  });

  // Markup in a message must arrive as text, never as elements.
  const text = `Hello Bob <b>not bold</b> & <img src=x onerror=alert(1)> ${token}`;
  await step('global message reaches the other page', async () => {
    await alice.fill('#message-input', text);
    await alice.press('#message-input', 'Enter');
    await waitForMessage(bob, 'alice-' + token, text);
    const injected = await bob.locator('#logs b, #logs img').count();
    if (injected > 0) throw new Error(`user text became ${injected} element(s): it must be escaped`);
    await bob.screenshot({ path: screenshotPath, fullPage: true });
    return { screenshot: screenshotPath };
  });

  const room = 'lobby-' + token;
  await step('room join, presence and room message', async () => {
    for (const page of [alice, bob]) {
      await page.fill('#join-input', room);
      await page.press('#join-input', 'Enter');
      await page.waitForSelector('#leave-button:not([hidden])', { timeout: WAIT });
    }
    await alice.locator('#members li', { hasText: 'bob-' + token }).waitFor({ timeout: WAIT });
    await bob.locator('#members li', { hasText: 'alice-' + token }).waitFor({ timeout: WAIT });
    const roomText = 'Only for ' + room;
    await alice.fill('#message-input', roomText);
    await alice.press('#message-input', 'Enter');
    await waitForMessage(bob, 'alice-' + token, roomText);
    const leaked = await bob.locator('#logs .log:visible .text', { hasText: text }).count();
    if (leaked > 0) throw new Error('the room view also shows the global chat');
    await bob.screenshot({ path: roomShot, fullPage: true });
    return { screenshot: roomShot, members: await bob.locator('#members li').allTextContents() };
  });

  await step('leaving a room updates the other page', async () => {
    await bob.click('#leave-button');
    await bob.waitForSelector('#leave-button', { state: 'hidden', timeout: WAIT });
    await alice.locator('#members li', { hasText: 'bob-' + token }).waitFor({ state: 'detached', timeout: WAIT });
    await alice.locator('#logs .log:visible .system', { hasText: 'bob-' + token + ' left' }).waitFor({ timeout: WAIT });
    return { members: await alice.locator('#members li').allTextContents() };
  });

  await step('a plain string from another Socket.IO client is shown', async () => {
    const url = new URL(baseUrl);
    const other = io(url.origin, { path: url.pathname.replace(/\/?$/, '/') + 'socket.io/', transports: ['websocket'] });
    try {
      await new Promise((ok, fail) => { other.once('connect', ok); other.once('connect_error', fail); });
      const plain = 'plain string from node ' + token;
      other.emit('chat', plain);
      await waitForMessage(bob, 'anonymous', plain);
    } finally {
      other.close();
    }
  });

  if (problems.length > 0) throw new Error('the pages reported errors: ' + problems.join(' | '));
  ok = true;
} catch (err) {
  console.log(JSON.stringify({ step: 'failed', ok: false, error: String(err?.message ?? err), problems }));
} finally {
  await closeBrowser(context);
}
console.log(JSON.stringify({ summary: true, ok, screenshot: ok ? screenshotPath : null }));
process.exit(ok ? 0 : 1);
