// Browser check of the admin dashboard (admin/): Debian's Chromium (driven by playwright-core, which downloads no
// browser) signs in with an admin token against a running Switchboard and checks what the page shows.
//
//   node browser-dashboard.mjs <baseUrl> <screenshotPath> <expectations.json>
//
// expectations.json (written by DashboardIT):
//   { adminToken, userToken,
//     nodes: [{websocket, polling}, ...]   connections per node, the page's own node first (its own connection
//                                          counted: it ends up on WebSocket), the others in any order
//     rooms: [{namespace, room, size}]     room sizes summed across nodes
//     target: {id, room, remote}          a socket of namespace "/" the search finds by room; remote: on another
//                                          node than the page's. The page disconnects it.
//     named: {id, name}                   a socket on another node the search finds by its caller's name
//     rates: true                          the events/s chart must show a non-zero rate
//     devMode: false }                     whether POST api/dev/token answers (else the page says it is off)
// Prints one JSON line per step and a summary; exits 1 on failure. Screenshots: <screenshotPath> (the dashboard)
// and <name>-forbidden.png (a non-admin token refused); on failure <name>-failed-<n>.png of every open page.
import { check, closeBrowser, closedPollingSessions, giveUpAfter, launchBrowser, requireChromium, step } from './browser.mjs';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const [baseUrl, screenshotPath, expectationsPath] = process.argv.slice(2);
if (!baseUrl || !screenshotPath || !expectationsPath) {
  console.error('usage: node browser-dashboard.mjs <baseUrl> <screenshotPath> <expectations.json>');
  process.exit(2);
}
const expect = JSON.parse(readFileSync(expectationsPath, 'utf8'));
const pageUrl = new URL('admin/', baseUrl.replace(/\/?$/, '/')).href;
const WAIT = 20_000;
const shot = (suffix) => screenshotPath.replace(/(\.png)?$/i, suffix ? '-' + suffix + '.png' : '.png');

giveUpAfter(150);

requireChromium();

const problems = [];
const tolerated = [];       // console errors that are no fault of the page (closedPollingSessions in browser.mjs)
const closedSessions = closedPollingSessions();

async function openPage(context, label) {
  const page = await context.newPage();
  closedSessions.watch(page);
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // A refused page's Socket.IO client closes its connection while a long-poll GET may still be on the way.
    if (closedSessions.lateAfterClose(msg)) {
      tolerated.push(`${label}: ${msg.location().url}`);
      return;
    }
    // The dev token button on a server without development mode: the page handles the 404 and says so.
    if (msg.text().includes('status of 404') && (msg.location().url || '').endsWith('/api/dev/token')) return;
    problems.push(`${label}: console error: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => problems.push(`${label}: ${err.message}`));
  const response = await page.goto(pageUrl, { waitUntil: 'load' });
  check(response && response.ok(), `${pageUrl} answered ${response?.status()}`);
  await page.waitForSelector('#status[data-state="offline"]', { timeout: WAIT });
  return page;
}

async function pasteToken(page, token) {
  await page.fill('#token-input', token);
  await page.click('#connect-button');
}

/** The nodes table as the page shows it: [{node, self, websocket, polling, sockets}]. */
function nodesShown(page) {
  return page.$$eval('#nodes-body tr', (rows) => rows.map((r) => ({
    node: r.dataset.node, self: r.classList.contains('self'), websocket: Number(r.dataset.websocket),
    polling: Number(r.dataset.polling), sockets: Number(r.dataset.sockets),
  })));
}

/** Whether the shown nodes match: the page's own node first with the first expectation, the rest in any order. */
function nodesMatch(shown, wanted) {
  if (shown.length !== wanted.length || shown.length === 0 || !shown[0].self) return false;
  const same = (s, w) => s.websocket === w.websocket && s.polling === w.polling;
  if (!same(shown[0], wanted[0])) return false;
  const rest = wanted.slice(1).map((w) => `${w.websocket}/${w.polling}`).sort();
  return shown.slice(1).map((s) => `${s.websocket}/${s.polling}`).sort().join() === rest.join();
}

/** Polls the page (it updates itself once a second) until `test` holds; on timeout, says what it last saw. */
async function until(what, read, test) {
  const deadline = Date.now() + WAIT;
  let last;
  while (Date.now() < deadline) {
    last = await read();
    if (test(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} within ${WAIT} ms; last seen: ${JSON.stringify(last)}`);
}

let context;
let ok = false;
try {
  mkdirSync(dirname(resolve(screenshotPath)), { recursive: true });
  context = await launchBrowser({ width: 1366, height: 900 });
  let page;

  await step('the admin token connects and the dashboard shows', async () => {
    page = await openPage(context, 'admin');
    await pasteToken(page, expect.adminToken);
    await page.waitForSelector('#status[data-state="connected"]', { timeout: WAIT });
    await page.waitForSelector('#dashboard', { state: 'visible', timeout: WAIT });
    await page.waitForSelector('#nodes-body tr', { timeout: WAIT });
    return { status: await page.textContent('#status-text') };
  });

  await step('every node is listed with its connections per transport', async () => {
    const shown = await until('the nodes table did not show ' + JSON.stringify(expect.nodes), () => nodesShown(page),
        (s) => nodesMatch(s, expect.nodes));
    const total = await page.textContent('#total-nodes');
    check(total === String(expect.nodes.length), `the Nodes tile says ${total}`);
    const connections = expect.nodes.reduce((a, n) => a + n.websocket + n.polling, 0);
    const tile = await page.textContent('#total-connections');
    check(tile === String(connections), `the Connections tile says ${tile}, expected ${connections}`);
    return { shown, connections: tile };
  });

  await step('rooms show their sizes summed across nodes', async () => {
    const read = () => page.$$eval('#rooms-body tr', (rows) => rows.map((r) => ({
      namespace: r.dataset.namespace, room: r.dataset.room, size: Number(r.dataset.size) })));
    const fits = (rows) => expect.rooms.every((w) => rows.some((r) => r.namespace === w.namespace
        && r.room === w.room && r.size === w.size));
    const rows = await until('the rooms table did not show ' + JSON.stringify(expect.rooms), read, fits);
    return rows.filter((r) => expect.rooms.some((w) => w.room === r.room));
  });

  await step('the socket search finds a caller by name on another node', async () => {
    await page.fill('#search-query', expect.named.name);
    await page.click('#search-button');
    const row = page.locator(`#sockets-body tr[data-id="${expect.named.id}"]`);
    await row.waitFor({ state: 'visible', timeout: WAIT });
    const cells = await row.locator('td').allTextContents();
    check(cells.includes(expect.named.name), `the row shows ${JSON.stringify(cells)}, not the name ${expect.named.name}`);
    const rows = await page.locator('#sockets-body tr').count();
    check(rows === 1, `${rows} rows for the name ${expect.named.name}`);
    return { cells };
  });

  await step('the socket search finds the target by room', async () => {
    await page.fill('#search-query', expect.target.room);
    await page.click('#search-button');
    const row = page.locator(`#sockets-body tr[data-id="${expect.target.id}"]`);
    await row.waitFor({ state: 'visible', timeout: WAIT });
    const node = await row.getAttribute('data-node');
    const selfNode = await page.$eval('#nodes-body tr.self', (r) => r.dataset.node);
    check((node !== selfNode) === expect.target.remote,
        `the target is on node ${node}, the page's node is ${selfNode} (remote expected: ${expect.target.remote})`);
    const rows = await page.locator('#sockets-body tr').count();
    const result = await page.textContent('#search-result');
    return { node, selfNode, rows, result };
  });

  await step('disconnect (confirmed) removes the target', async () => {
    let dialog = null;
    page.once('dialog', async (d) => {
      dialog = d.message();
      await d.accept();
    });
    await page.click(`#sockets-body tr[data-id="${expect.target.id}"] button`);
    await page.waitForFunction(() => document.getElementById('search-result').textContent.startsWith('Disconnected'),
        undefined, { timeout: WAIT });
    check(dialog && dialog.includes(expect.target.id), `the confirmation was ${JSON.stringify(dialog)}`);
    const left = await page.locator(`#sockets-body tr[data-id="${expect.target.id}"]`).count();
    check(left === 0, 'the target is still listed after the disconnect');
    return { dialog, result: await page.textContent('#search-result') };
  });

  await step('markup in a search stays text', async () => {
    await page.fill('#search-query', '<img src=x onerror=alert(1)>');
    await page.click('#search-button');
    await page.waitForFunction(() => document.getElementById('search-result').textContent.includes('<img'),
        undefined, { timeout: WAIT });
    const injected = await page.locator('#search-result img, #sockets-body img').count();
    check(injected === 0, 'search text became markup');
    return { result: await page.textContent('#search-result') };
  });

  await step('a non-admin token is refused with a clear message', async () => {
    const other = await openPage(context, 'user');
    await pasteToken(other, expect.userToken);
    await other.waitForSelector('#connect-error', { state: 'visible', timeout: WAIT });
    const code = await other.textContent('#connect-error-code');
    const hint = await other.textContent('#connect-error-hint');
    const status = await other.textContent('#status-text');
    check(code === 'forbidden', `the connect error code is "${code}", expected "forbidden"`);
    check(hint.includes('admin role'), `the hint says "${hint}"`);
    check(!(await other.isVisible('#dashboard')), 'a refused page shows the dashboard');
    if (!expect.devMode) {
      await other.click('#dev-button');
      await other.waitForSelector('#dev-off', { state: 'visible', timeout: WAIT });
    }
    await other.screenshot({ path: shot('forbidden'), fullPage: true });
    await other.close();
    return { code, status, hint };
  });

  if (expect.rates) {
    await step('the events/s chart shows traffic', async () => {
      const read = () => page.$eval('#chart-events', (c) => ({
        points: Number(c.dataset.points), in: Number(c.dataset.latestIn), out: Number(c.dataset.latestOut) }));
      const seen = await until('the events/s chart stayed at zero', read, (r) => r.points >= 2 && r.in > 0 && r.out > 0);
      const deliveries = await page.$eval('#chart-deliveries', (c) => Number(c.dataset.latestDeliveries));
      check(deliveries > 0, `deliveries/s is ${deliveries}`);
      return { ...seen, deliveries, tile: await page.textContent('#rate-events') };
    });
  }

  await step('screenshot of the whole dashboard', async () => {
    await page.fill('#search-query', '');
    await page.click('#search-button');
    await page.waitForFunction(() => /^\d+ sockets? in \/(,|$)/.test(document.getElementById('search-result').textContent),
        undefined, { timeout: WAIT });
    await page.screenshot({ path: shot(''), fullPage: true });
    return { screenshot: shot(''), result: await page.textContent('#search-result') };
  });

  if (problems.length > 0) throw new Error('the pages reported errors: ' + problems.join(' | '));
  ok = true;
} catch (err) {
  console.log(JSON.stringify({ step: 'failed', ok: false, error: String(err?.message ?? err), problems }));
  for (const [i, p] of (context?.pages() ?? []).entries()) {
    await p.screenshot({ path: shot('failed-' + (i + 1)), fullPage: true }).catch(() => {});
  }
} finally {
  await closeBrowser(context);
}
console.log(JSON.stringify({ summary: true, ok, screenshot: ok ? screenshotPath : null, tolerated }));
process.exit(ok ? 0 : 1);
