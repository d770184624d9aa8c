// Switchboard admin dashboard: plain JavaScript on the official Socket.IO client (../socket.io/socket.io.min.js).
// Connects to namespace "/admin" with an admin token (pasted, or in development mode minted by POST api/dev/token)
// and draws what the server pushes there about once a second ("cluster": every node's connections, sockets,
// rooms and counters); rates come from successive counter totals. Socket search and disconnect are requests with
// acknowledgements. Server and user text only ever goes into textContent.
(() => {
  'use strict';

  const ACK_TIMEOUT = 10_000;             // ms to wait for an acknowledgement (a search may ask every node)
  const STALE_AFTER = 5_000;              // ms after which a node's last report is shown as stale
  const WINDOW = window.LineChart.WINDOW; // ms of history kept for the charts

  const $ = (id) => document.getElementById(id);
  const ui = {
    status: $('status'), statusText: $('status-text'), signout: $('signout-button'),
    signin: $('signin'), tokenForm: $('token-form'), tokenInput: $('token-input'),
    devForm: $('dev-form'), devName: $('dev-name'), devButton: $('dev-button'), devOff: $('dev-off'),
    signinError: $('signin-error'), connectError: $('connect-error'), connectErrorMessage: $('connect-error-message'),
    connectErrorCode: $('connect-error-code'), connectErrorHint: $('connect-error-hint'),
    dashboard: $('dashboard'),
    totalNodes: $('total-nodes'), totalConnections: $('total-connections'), totalTransports: $('total-transports'),
    totalSockets: $('total-sockets'), totalNamespaces: $('total-namespaces'), totalRooms: $('total-rooms'),
    rateEvents: $('rate-events'), rateEventsSub: $('rate-events-sub'), rateDeliveries: $('rate-deliveries'),
    nodesBody: $('nodes-body'), roomsBody: $('rooms-body'), roomsEmpty: $('rooms-empty'), roomsFilter: $('rooms-filter'),
    searchForm: $('search-form'), searchNamespace: $('search-namespace'), searchQuery: $('search-query'),
    searchLimit: $('search-limit'), searchResult: $('search-result'), socketsBody: $('sockets-body'),
  };

  const state = {
    token: null,        // sent on every (re)connection attempt
    dev: null,          // {subject} when the token came from the dev endpoint (so it can be refreshed)
    view: null,         // the last "cluster" message
    previous: new Map(),// node id -> {takenAt, counters, rates}: for rates from successive totals
    points: [],         // [{t, in, out, deliveries}] over the last WINDOW
  };

  const socket = io('/admin', {
    path: new URL('../socket.io/', location.href).pathname,
    autoConnect: false,
    auth: (cb) => cb(state.token ? { token: state.token } : {}),
  });

  const charts = {
    events: new window.LineChart($('chart-events'), [{ key: 'in', colour: '#2f6fec' }, { key: 'out', colour: '#1f9d55' }]),
    deliveries: new window.LineChart($('chart-deliveries'), [{ key: 'deliveries', colour: '#d89614' }]),
  };

  // ---- helpers (textContent only) --------------------------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function cell(text, className) {
    return el('td', className || '', text);
  }

  function show(node, visible) {
    node.hidden = !visible;
  }

  const sum = (values) => values.reduce((a, b) => a + (Number(b) || 0), 0);
  const entries = (o) => (o && typeof o === 'object' ? Object.entries(o) : []);
  const rate = (v) => (v >= 100 ? Math.round(v).toString() : v.toFixed(1));

  function duration(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    if (s < 86400) return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
    return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
  }

  function clock(ms) {
    return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  function setStatus(kind, text) {
    ui.status.dataset.state = kind;
    ui.statusText.textContent = text;
    show(ui.signout, state.token !== null);
  }

  /** Emits with an ack; resolves with the reply, rejects with the server's {error:{code, message}} as an Error. */
  async function request(event, payload) {
    let reply;
    try {
      reply = await socket.timeout(ACK_TIMEOUT).emitWithAck(event, payload);
    } catch {
      throw new Error('the server did not answer');
    }
    if (reply && typeof reply === 'object' && reply.error) {
      const e = reply.error;
      throw new Error(typeof e === 'object' ? String(e.message) + ' (' + String(e.code) + ')' : String(e));
    }
    return reply;
  }

  // ---- signing in ------------------------------------------------------------------------------------

  function connectWith(token, dev) {
    if (socket.active) socket.disconnect();
    state.token = token;
    state.dev = dev;
    state.previous.clear();
    state.points = [];
    show(ui.connectError, false);
    show(ui.signinError, false);
    setStatus('connecting', 'Connecting…');
    socket.connect();
  }

  ui.tokenForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const token = ui.tokenInput.value.trim().replace(/^Bearer\s+/i, '');
    if (token) connectWith(token, null);
  });

  /** POST ../api/dev/token for an admin token; null when development mode is off (404). */
  async function mint(subject) {
    const response = await fetch(new URL('../api/dev/token', location.href), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ subject, groups: ['admin'], lifetimeSeconds: 3600 }),
    });
    if (response.status === 404) return null;
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error(body && typeof body.detail === 'string' ? body.detail : 'HTTP ' + response.status);
    if (!body || typeof body.token !== 'string') throw new Error('the token endpoint sent no token');
    return body.token;
  }

  ui.devForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    ui.devButton.disabled = true;
    show(ui.signinError, false);
    try {
      const subject = ui.devName.value.trim();
      const token = await mint(subject);
      show(ui.devOff, token === null);
      if (token !== null) {
        ui.tokenInput.value = token;
        connectWith(token, { subject });
      }
    } catch (err) {
      ui.signinError.textContent = 'Could not get a token: ' + err.message;
      show(ui.signinError, true);
    } finally {
      ui.devButton.disabled = false;
    }
  });

  ui.signout.addEventListener('click', () => {
    socket.disconnect();
    state.token = null;
    state.dev = null;
    ui.tokenInput.value = '';
    show(ui.dashboard, false);
    show(ui.signin, true);
    setStatus('offline', 'Signed out');
  });

  // ---- connection state ------------------------------------------------------------------------------

  socket.on('connect', () => {
    const transport = () => socket.io.engine.transport.name;
    setStatus('connected', 'Connected · ' + transport());
    socket.io.engine.once('upgrade', () => {
      if (socket.connected) setStatus('connected', 'Connected · ' + transport());
    });
    show(ui.connectError, false);
    show(ui.signin, false);
    show(ui.dashboard, true);
  });

  socket.on('disconnect', (reason) => {
    if (socket.active) {
      setStatus('reconnecting', 'Reconnecting… (' + reason + ')');
    } else {
      setStatus('offline', reason === 'io server disconnect' ? 'Disconnected by the server' : 'Disconnected');
    }
  });

  socket.io.on('reconnect_attempt', (attempt) => setStatus('reconnecting', 'Reconnecting… (attempt ' + attempt + ')'));

  const HINTS = {
    unauthorized: 'The dashboard needs a token: paste one (or get a dev token).',
    forbidden: 'The token is valid, but it lacks the admin role: its "groups" must include "admin".',
    invalid_token: 'The server could not verify the token (signature, issuer or format).',
    token_expired: 'The token has expired: get a new one.',
  };

  // A refusal of the namespace (socket no longer active) carries data.code; a transport failure does not, and
  // Socket.IO keeps trying by itself.
  socket.on('connect_error', (err) => {
    if (socket.active) {
      setStatus('reconnecting', 'Reconnecting… (' + err.message + ')');
      return;
    }
    const code = err && err.data && typeof err.data.code === 'string' ? err.data.code : '';
    setStatus('offline', code === 'forbidden' ? 'Refused: not an admin' : 'Refused');
    ui.connectErrorMessage.textContent = err.message;
    ui.connectErrorCode.textContent = code || 'none';
    ui.connectErrorHint.textContent = HINTS[code] || '';
    ui.connectError.dataset.code = code;
    show(ui.connectError, true);
    show(ui.dashboard, false);
    show(ui.signin, true);
  });

  // Dev tokens are refreshed before they run out; a pasted one cannot be, so the page says what will happen.
  socket.on('switchboard:token-expiring', async (notice) => {
    const at = notice && Number.isFinite(notice.disconnectAt) ? clock(notice.disconnectAt) : 'soon';
    if (!state.dev) {
      setStatus('connected', 'Token expiring: disconnect at ' + at + '; sign in again');
      return;
    }
    try {
      const token = await mint(state.dev.subject);
      if (token === null) throw new Error('development mode is off');
      state.token = token;
      await request('switchboard:refresh', { token });
    } catch (err) {
      setStatus('connected', 'Token refresh failed (' + err.message + '): disconnect at ' + at);
    }
  });

  socket.on('switchboard:disconnect', (notice) => {
    const reason = notice && typeof notice.reason === 'string' ? notice.reason : 'no reason given';
    setStatus('offline', 'Disconnected by the server: ' + reason);
  });

  // ---- the cluster view ------------------------------------------------------------------------------

  socket.on('cluster', (view) => {
    if (!view || !Array.isArray(view.nodes)) return;
    state.view = view;
    recordRates(view);
    renderTotals(view);
    renderNodes(view);
    renderRooms();
    renderNamespaces(view);
    charts.events.draw(state.points, view.at);
    charts.deliveries.draw(state.points, view.at);
  });

  const COUNTERS = ['eventsIn', 'eventsOut', 'deliveries'];

  /** Each node's rate since its previous report (kept while it sends nothing new), summed into one point. */
  function recordRates(view) {
    const seen = new Set();
    for (const node of view.nodes) {
      seen.add(node.node);
      const counters = node.counters || {};
      const before = state.previous.get(node.node);
      let rates = before ? before.rates : null;
      if (before && node.takenAt > before.takenAt) {
        const seconds = (node.takenAt - before.takenAt) / 1000;
        rates = {};
        for (const key of COUNTERS) {
          const delta = (Number(counters[key]) || 0) - (Number(before.counters[key]) || 0);
          rates[key] = delta >= 0 ? delta / seconds : 0; // a restarted node starts again from zero
        }
      }
      if (!before || node.takenAt > before.takenAt) {
        state.previous.set(node.node, { takenAt: node.takenAt, counters, rates });
      }
    }
    for (const id of [...state.previous.keys()]) if (!seen.has(id)) state.previous.delete(id);
    const known = [...state.previous.values()].filter((p) => p.rates);
    if (known.length === 0) return;
    state.points.push({
      t: view.at,
      in: sum(known.map((p) => p.rates.eventsIn)),
      out: sum(known.map((p) => p.rates.eventsOut)),
      deliveries: sum(known.map((p) => p.rates.deliveries)),
    });
    while (state.points.length > 0 && state.points[0].t < view.at - WINDOW) state.points.shift();
  }

  function renderTotals(view) {
    const nodes = view.nodes;
    const transports = {};
    for (const n of nodes) for (const [k, v] of entries(n.connections)) transports[k] = (transports[k] || 0) + v;
    const namespaces = {};
    for (const n of nodes) for (const [k, v] of entries(n.sockets)) namespaces[k] = (namespaces[k] || 0) + v;
    ui.totalNodes.textContent = String(nodes.length);
    ui.totalConnections.textContent = String(sum(Object.values(transports)));
    ui.totalTransports.textContent = 'websocket ' + (transports.websocket || 0) + ' · polling ' + (transports.polling || 0);
    ui.totalSockets.textContent = String(sum(Object.values(namespaces)));
    ui.totalNamespaces.textContent = Object.keys(namespaces).sort().map((k) => k + ' ' + namespaces[k]).join(' · ');
    ui.totalRooms.textContent = String(roomList().length);
    const last = state.points[state.points.length - 1];
    ui.rateEvents.textContent = last ? rate(last.in + last.out) : '…';
    ui.rateEventsSub.textContent = last ? 'in ' + rate(last.in) + ' · out ' + rate(last.out) : 'measuring';
    ui.rateDeliveries.textContent = last ? rate(last.deliveries) : '…';
  }

  function renderNodes(view) {
    ui.nodesBody.replaceChildren(...view.nodes.map((n) => {
      const row = el('tr');
      const ws = Number(n.connections && n.connections.websocket) || 0;
      const polling = Number(n.connections && n.connections.polling) || 0;
      const sockets = sum(Object.values(n.sockets || {}));
      const age = view.at - n.takenAt;
      row.dataset.node = String(n.node);
      row.dataset.websocket = String(ws);
      row.dataset.polling = String(polling);
      row.dataset.sockets = String(sockets);
      if (n.node === view.self) row.classList.add('self');
      if (age > STALE_AFTER) row.classList.add('stale');
      const c = n.counters || {};
      const socketsCell = cell(String(sockets), 'num');
      socketsCell.title = entries(n.sockets).map(([k, v]) => k + ': ' + v).join('\n');
      row.append(cell(String(n.node), 'id'), cell(duration(n.uptimeMs)), cell(String(ws), 'num ws'),
          cell(String(polling), 'num polling'), cell(String(ws + polling), 'num'), socketsCell,
          cell((Number(c.eventsIn) || 0) + ' / ' + (Number(c.eventsOut) || 0), 'num'),
          cell(age > STALE_AFTER ? duration(age) + ' ago' : 'live'));
      return row;
    }));
  }

  /** Every room of every namespace with its members summed across nodes: [{namespace, room, size, nodes}]. */
  function roomList() {
    const rooms = new Map();
    for (const n of state.view ? state.view.nodes : []) {
      for (const [namespace, sizes] of entries(n.rooms)) {
        for (const [room, size] of entries(sizes)) {
          const key = namespace + '\u0000' + room;
          const r = rooms.get(key) || { namespace, room, size: 0, nodes: 0 };
          r.size += Number(size) || 0;
          r.nodes += 1;
          rooms.set(key, r);
        }
      }
    }
    return [...rooms.values()].sort((a, b) => b.size - a.size || a.namespace.localeCompare(b.namespace)
        || a.room.localeCompare(b.room));
  }

  function renderRooms() {
    const filter = ui.roomsFilter.value.trim().toLowerCase();
    const rooms = roomList().filter((r) => !filter || r.room.toLowerCase().includes(filter)
        || r.namespace.toLowerCase().includes(filter));
    ui.roomsBody.replaceChildren(...rooms.map((r) => {
      const row = el('tr');
      row.dataset.namespace = r.namespace;
      row.dataset.room = r.room;
      row.dataset.size = String(r.size);
      row.append(cell(r.namespace), cell(r.room, 'room'), cell(String(r.size), 'num'), cell(String(r.nodes), 'num'));
      return row;
    }));
    show(ui.roomsEmpty, rooms.length === 0);
  }

  ui.roomsFilter.addEventListener('input', renderRooms);

  function renderNamespaces(view) {
    const names = new Set(['/']);
    for (const n of view.nodes) for (const [k] of entries(n.sockets)) names.add(k);
    const wanted = [...names].sort();
    const have = [...ui.searchNamespace.options].map((o) => o.value);
    if (wanted.join('\n') === have.join('\n')) return;
    const before = ui.searchNamespace.value;
    ui.searchNamespace.replaceChildren(...wanted.map((name) => {
      const option = el('option', '', name);
      option.value = name;
      return option;
    }));
    ui.searchNamespace.value = wanted.includes(before) ? before : '/';
  }

  // ---- sockets ---------------------------------------------------------------------------------------

  function setResult(outcome, text) {
    ui.searchResult.dataset.outcome = outcome;
    ui.searchResult.textContent = text;
  }

  async function search() {
    const namespace = ui.searchNamespace.value || '/';
    const query = ui.searchQuery.value.trim();
    ui.socketsBody.dataset.state = 'searching';
    try {
      const answer = await request('sockets:search', { namespace, query, limit: Number(ui.searchLimit.value) });
      renderSockets(answer);
      setResult('ok', answer.total + ' socket' + (answer.total === 1 ? '' : 's') + ' in ' + answer.namespace
          + (answer.query ? ' matching “' + answer.query + '”' : '')
          + (answer.truncated ? ', showing the first ' + answer.sockets.length : ''));
    } catch (err) {
      setResult('error', 'Search failed: ' + err.message);
    } finally {
      ui.socketsBody.dataset.state = 'done';
    }
  }

  function renderSockets(answer) {
    const sockets = Array.isArray(answer.sockets) ? answer.sockets : [];
    ui.socketsBody.replaceChildren(...sockets.map((s) => {
      const row = el('tr');
      row.dataset.id = String(s.id);
      row.dataset.node = String(s.node);
      const rooms = el('td', 'wrap');
      for (const room of Array.isArray(s.rooms) ? s.rooms : []) rooms.append(el('span', 'chip', String(room)));
      const button = el('button', 'danger', 'Disconnect');
      button.type = 'button';
      button.addEventListener('click', () => disconnectSocket(answer.namespace, s, button));
      const action = el('td');
      action.append(button);
      row.append(cell(String(s.id), 'id'), cell(String(s.node), 'id'), cell(String(s.transport || '?')),
          cell(s.name === null || s.name === undefined ? '—' : String(s.name), 'wrap'), rooms,
          cell(Number.isFinite(s.connectedAt) ? clock(s.connectedAt) : '?'), action);
      return row;
    }));
  }

  async function disconnectSocket(namespace, s, button) {
    if (!window.confirm('Disconnect socket ' + s.id + ' (namespace ' + namespace + ', node ' + s.node + ')?')) return;
    button.disabled = true;
    try {
      await request('sockets:disconnect', { namespace, id: s.id });
      await search();
      setResult('ok', 'Disconnected ' + s.id + ' on node ' + s.node + '.');
    } catch (err) {
      button.disabled = false;
      setResult('error', 'Could not disconnect ' + s.id + ': ' + err.message);
    }
  }

  ui.searchForm.addEventListener('submit', (e) => {
    e.preventDefault();
    search();
  });

  setStatus('offline', 'Not connected');
  ui.tokenInput.focus();
})();
