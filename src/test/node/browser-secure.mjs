// Browser check of the authenticated demo (secure.html): pages of Debian's Chromium (driven by playwright-core,
// which downloads no browser) sign in with dev tokens against a running Switchboard in development mode.
//
//   node browser-secure.mjs <baseUrl> <screenshotPath>
//
// The server must run in development mode (POST /api/dev/token answers) and, for a fast run, with short token
// timings: mp.jwt.verify.clock.skew=1 and switchboard.security.refresh-warning=5 (SecureDemoIT sets them). Checks:
//   (a) alice (user, vip) sees whoami "alice", joins vip, is refused admin with the policy's error;
//   (b) bob without "user" gets the connect error "forbidden"; without a token, "unauthorized";
//   (c) alice's vip message reaches carol (user, vip) with from=alice, as text;
//   (d) a 10 s token with auto-refresh off ends in the "token expired" disconnect; with auto-refresh on the page
//       stays connected past the first token's deadline and shows the refreshed expiry.
// Environment: CHROMIUM (default /usr/bin/chromium), CHROMIUM_PROFILE_DIR (default target/chromium-profile-<pid>;
// a fresh folder, deleted afterwards). Prints one JSON line per step and a summary; exits 1 on failure.
// Screenshots: <screenshotPath> (alice after the joins) and <name>-forbidden, -group, -expired, -refreshed.png;
// on failure, <name>-failed-<n>.png of every open page.
import { check, closeBrowser, closedPollingSessions, giveUpAfter, launchBrowser, requireChromium, step } from './browser.mjs';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const [baseUrl, screenshotPath] = process.argv.slice(2);
if (!baseUrl || !screenshotPath) {
  console.error('usage: node browser-secure.mjs <baseUrl> <screenshotPath>');
  process.exit(2);
}
const pageUrl = new URL('secure.html', baseUrl.replace(/\/?$/, '/')).href;
const WAIT = 15_000;           // for anything that should happen at once
const TOKEN_WAIT = 30_000;     // for what a token's lifetime decides (10 s tokens, 1 s skew, 5 s warning)
const SHORT_LIFETIME = '10';   // seconds: the shortest option of the page's lifetime list
const shot = (suffix) => screenshotPath.replace(/(\.png)?$/i, suffix ? '-' + suffix + '.png' : '.png');

giveUpAfter(150);

requireChromium();

const problems = [];        // console errors and uncaught exceptions of the pages
const tolerated = [];       // console errors that are no fault of the page (closedPollingSessions in browser.mjs)
const closedSessions = closedPollingSessions(); // see browser.mjs

async function openPage(context, label) {
  const page = await context.newPage();
  closedSessions.watch(page);
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (closedSessions.lateAfterClose(msg)) tolerated.push(`${label}: ${msg.location().url}`);
    else problems.push(`${label}: console error: ${msg.text()} (${msg.location().url || 'no url'})`);
  });
  page.on('pageerror', (err) => problems.push(`${label}: ${err.message}`));
  const response = await page.goto(pageUrl, { waitUntil: 'load' });
  check(response && response.ok(), `${pageUrl} answered ${response?.status()}`);
  await page.waitForSelector('#status[data-state="offline"]', { timeout: WAIT });
  return page;
}

/** Fills the sign-in form and submits it; does not wait for the outcome. */
async function signIn(page, name, groups, { lifetime = '600', autoRefresh = true } = {}) {
  await page.fill('#name-input', name);
  for (const group of ['user', 'vip', 'admin']) {
    await page.setChecked(`input[name="group"][value="${group}"]`, groups.includes(group));
  }
  await page.selectOption('#lifetime-input', lifetime);
  await page.setChecked('#auto-refresh', autoRefresh);
  await page.click('#signin-button');
}

/** Signs in and waits until the page is connected and shows the server's whoami for `name`. */
async function signInConnected(page, name, groups, options) {
  await signIn(page, name, groups, options);
  await page.waitForSelector('#status[data-state="connected"]', { timeout: WAIT });
  await page.waitForFunction((n) => document.getElementById('whoami-name').textContent === n, name, { timeout: WAIT });
  const shownGroups = await page.locator('#whoami-groups .chip').allTextContents();
  check([...groups].sort().join(',') === shownGroups.join(','),
      `whoami groups are [${shownGroups}], expected [${[...groups].sort()}]`);
  return { whoami: name, groups: shownGroups };
}

/** Clicks "Join <group>" and waits for the ack's outcome (ok or error); returns the shown text. */
async function joinGroup(page, group, outcome) {
  const before = await page.textContent('#join-result');
  await page.click(`.join-button[data-group="${group}"]`);
  await page.waitForFunction(([o, b]) => {
    const result = document.getElementById('join-result');
    return result.dataset.outcome === o && result.textContent !== b;
  }, [outcome, before], { timeout: WAIT });
  return page.textContent('#join-result');
}

/** Waits for the connect error callout and returns its code. */
async function connectErrorCode(page) {
  await page.waitForSelector('#connect-error', { state: 'visible', timeout: WAIT });
  await page.waitForSelector('#status[data-state="offline"]', { timeout: WAIT });
  return page.textContent('#connect-error-code');
}

let context;
let ok = false;
try {
  mkdirSync(dirname(resolve(screenshotPath)), { recursive: true });
  context = await launchBrowser({ width: 1200, height: 900 });

  // (d) starts first: erin's token runs out while the other checks go on.
  let expiring;
  await step('erin signs in with a 10 s token, auto-refresh off', async () => {
    expiring = await openPage(context, 'erin');
    return signInConnected(expiring, 'erin', ['user'], { lifetime: SHORT_LIFETIME, autoRefresh: false });
  });

  let alice;
  await step('(a) alice (user, vip): whoami, joins vip, refused admin', async () => {
    alice = await openPage(context, 'alice');
    const who = await signInConnected(alice, 'alice', ['user', 'vip']);
    const joined = await joinGroup(alice, 'vip', 'ok');
    check(joined.includes('group:vip'), `the vip join shows "${joined}", expected the room group:vip`);
    const refused = await joinGroup(alice, 'admin', 'error');
    check(refused.includes("not allowed to join room 'group:admin'"),
        `the admin join shows "${refused}", expected the policy's error`);
    await alice.screenshot({ path: shot(''), fullPage: true });
    return { ...who, joined, refused, screenshot: shot('') };
  });

  await step('(b) bob without "user" is forbidden; without a token, unauthorized', async () => {
    const bob = await openPage(context, 'bob');
    await signIn(bob, 'bob', ['vip']);
    const forbidden = await connectErrorCode(bob);
    check(forbidden === 'forbidden', `bob's connect error code is "${forbidden}", expected "forbidden"`);
    const message = await bob.textContent('#connect-error-message');
    check(!(await bob.isVisible('#whoami')), 'a refused page shows a whoami');
    await bob.screenshot({ path: shot('forbidden'), fullPage: true });
    await bob.click('#anonymous-button');
    await bob.waitForFunction(() => document.getElementById('connect-error-code').textContent === 'unauthorized',
        undefined, { timeout: WAIT });
    await bob.close();
    return { forbidden, message, screenshot: shot('forbidden') };
  });

  await step('(c) alice\'s vip message reaches carol (user, vip) from alice', async () => {
    const carol = await openPage(context, 'carol');
    await signInConnected(carol, 'carol', ['user', 'vip']);
    await joinGroup(carol, 'vip', 'ok');
    const text = 'For VIPs only <b>not bold</b> & <img src=x onerror=alert(1)>';
    await alice.selectOption('#message-group', 'vip');
    await alice.fill('#message-input', text);
    await alice.press('#message-input', 'Enter');
    const received = carol.locator('#group-messages .group-message', {
      has: carol.locator('.text', { hasText: text }),
    });
    await received.first().waitFor({ state: 'visible', timeout: WAIT });
    const from = await received.first().getAttribute('data-from');
    const shownFrom = await received.first().locator('.nick').textContent();
    const group = await received.first().getAttribute('data-group');
    check(from === 'alice' && shownFrom === 'alice', `carol sees the message from "${shownFrom}", expected "alice"`);
    check(group === 'vip', `carol sees the message in group "${group}", expected "vip"`);
    const injected = await carol.locator('#group-messages b, #group-messages img').count();
    check(injected === 0, `message text became ${injected} element(s): it must be escaped`);
    check(!(await alice.isVisible('#message-error')), 'alice sees: ' + (await alice.textContent('#message-error')));
    await carol.screenshot({ path: shot('group'), fullPage: true });
    return { from, group, screenshot: shot('group') };
  });

  await step('(d) auto-refresh off: the "token expired" disconnect is shown', async () => {
    await expiring.waitForSelector('#server-notice', { state: 'visible', timeout: TOKEN_WAIT });
    const reason = await expiring.textContent('#server-notice-reason');
    check(reason === 'token expired', `the disconnect reason shown is "${reason}", expected "token expired"`);
    await expiring.waitForSelector('#status[data-state="offline"]', { timeout: WAIT });
    const status = await expiring.textContent('#status-text');
    check(status === 'Disconnected by the server', `the status says "${status}"`);
    await expiring.screenshot({ path: shot('expired'), fullPage: true });
    return { reason, status, screenshot: shot('expired') };
  });

  await step('(d) auto-refresh on: still connected past the first token\'s deadline', async () => {
    const refreshing = await openPage(context, 'frank');
    await signInConnected(refreshing, 'frank', ['user'], { lifetime: SHORT_LIFETIME, autoRefresh: true });
    const firstExpiry = Number(await refreshing.getAttribute('#whoami-expiry', 'data-expires-at'));
    check(firstExpiry > 0, 'the page shows no expiry for the token');
    // The server announces the first token's deadline (expiry + clock skew) with switchboard:token-expiring;
    // the next announcement comes a whole token lifetime later.
    await refreshing.waitForFunction(() => document.getElementById('whoami-expiry').dataset.disconnectAt,
        undefined, { timeout: TOKEN_WAIT });
    const firstDeadline = Number(await refreshing.getAttribute('#whoami-expiry', 'data-disconnect-at'));
    check(firstDeadline >= firstExpiry, `the announced deadline ${firstDeadline} is before the expiry ${firstExpiry}`);
    await refreshing.waitForFunction((deadline) => Date.now() > deadline + 1500
        && Number(document.getElementById('refresh-result').dataset.count) >= 1,
    firstDeadline, { timeout: TOKEN_WAIT });
    const state = await refreshing.getAttribute('#status', 'data-state');
    check(state === 'connected', `the page is "${state}" after the first token's deadline, expected connected`);
    check(!(await refreshing.isVisible('#server-notice')), 'the page shows a server disconnect: '
        + (await refreshing.textContent('#server-notice-reason')));
    const disconnects = await refreshing.locator('#activity li', { hasText: 'Disconnected' }).count();
    check(disconnects === 0, `the page disconnected ${disconnects} time(s)`);
    const expiry = Number(await refreshing.getAttribute('#whoami-expiry', 'data-expires-at'));
    check(expiry > firstExpiry, `the shown expiry ${expiry} is not later than the first ${firstExpiry}`);
    const result = await refreshing.textContent('#refresh-result');
    check(result.startsWith('ok'), `the refresh result shows "${result}"`);
    await refreshing.screenshot({ path: shot('refreshed'), fullPage: true });
    return {
      firstExpiry: new Date(firstExpiry).toISOString(), firstDeadline: new Date(firstDeadline).toISOString(),
      expiry: new Date(expiry).toISOString(), result,
      refreshes: Number(await refreshing.getAttribute('#refresh-result', 'data-count')), screenshot: shot('refreshed'),
    };
  });

  if (problems.length > 0) throw new Error('the pages reported errors: ' + problems.join(' | '));
  ok = true;
} catch (err) {
  console.log(JSON.stringify({ step: 'failed', ok: false, error: String(err?.message ?? err), problems }));
  for (const [i, page] of (context?.pages() ?? []).entries()) {
    await page.screenshot({ path: shot('failed-' + (i + 1)), fullPage: true }).catch(() => {});
  }
} finally {
  await closeBrowser(context);
}
console.log(JSON.stringify({ summary: true, ok, screenshot: ok ? screenshotPath : null, tolerated }));
process.exit(ok ? 0 : 1);
