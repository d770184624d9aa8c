// Switchboard authenticated demo: plain JavaScript on the official Socket.IO client (socket.io/socket.io.min.js).
// Signs in with a development token (POST api/dev/token), connects to namespace "/secure" with it, and shows what
// the server makes of it: "whoami", connect errors with their code, group rooms guarded by the token's groups,
// group messages, and the token's life on a live socket ("switchboard:token-expiring", "switchboard:refresh",
// "switchboard:disconnect"). Remote and user text only ever goes into textContent.
(() => {
  'use strict';

  const ACK_TIMEOUT = 5000;     // ms to wait for the server's acknowledgement
  const MAX_ITEMS = 200;        // per list, oldest dropped first
  const GROUP_ROOM = 'group:';  // the server keeps group rooms under this prefix

  const $ = (id) => document.getElementById(id);
  const ui = {
    status: $('status'), statusText: $('status-text'), disconnect: $('disconnect-button'),
    devOff: $('dev-off'), signinForm: $('signin-form'), name: $('name-input'), lifetime: $('lifetime-input'),
    autoRefresh: $('auto-refresh'), signinButton: $('signin-button'), anonymous: $('anonymous-button'),
    signinError: $('signin-error'),
    whoami: $('whoami'), whoamiEmpty: $('whoami-empty'), whoamiName: $('whoami-name'), whoamiGroups: $('whoami-groups'),
    whoamiExpiry: $('whoami-expiry'), whoamiCountdown: $('whoami-countdown'), refreshResult: $('refresh-result'),
    connectError: $('connect-error'), connectErrorMessage: $('connect-error-message'),
    connectErrorCode: $('connect-error-code'), connectErrorHint: $('connect-error-hint'),
    serverNotice: $('server-notice'), serverNoticeReason: $('server-notice-reason'),
    joinButtons: [...document.querySelectorAll('.join-button')], joinResult: $('join-result'),
    messageForm: $('message-form'), messageGroup: $('message-group'), messageInput: $('message-input'),
    messageSend: $('message-send'), messageError: $('message-error'), groupMessages: $('group-messages'),
    activity: $('activity'),
  };

  const state = {
    token: null,          // what the auth function hands over on every (re)connect; null: connect without one
    profile: null,        // {subject, groups, lifetimeSeconds} of the current dev token, to mint its refreshes
    expiresAt: null,      // ms: the current token's expiry, as the server reported it
    disconnectAt: null,   // ms: when the server disconnects unless the token is refreshed (from token-expiring)
    joined: [],           // the groups this socket is in (from the last join ack)
    wanted: new Set(),    // the groups to rejoin after Socket.IO reconnected by itself
    refreshes: 0,         // successful refreshes of this sign-in
  };

  // Same origin; the engine path follows the page, so the demo also works under another context root.
  // `auth` is a function, so every connection attempt (reconnections too) sends the current token.
  const socket = io('/secure', {
    path: new URL('socket.io/', location.href).pathname,
    autoConnect: false,
    auth: (cb) => cb(state.token ? { token: state.token } : {}),
  });

  // ---- small helpers (textContent only) --------------------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function clock(ms) {
    return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  function prepend(list, item) {
    list.prepend(item);
    while (list.childElementCount > MAX_ITEMS) list.lastElementChild.remove();
  }

  /** One line in the activity list; `kind` is info, ok or bad (and styles the line). */
  function log(kind, text) {
    const item = el('li', kind);
    item.dataset.kind = kind;
    item.append(el('time', 'at', clock(Date.now())), ' ', el('span', '', text));
    prepend(ui.activity, item);
  }

  function show(node, visible) {
    node.hidden = !visible;
  }

  /** Emits with an acknowledgement; resolves with the reply, rejects with a readable reason. */
  async function request(event, payload) {
    let reply;
    try {
      reply = await socket.timeout(ACK_TIMEOUT).emitWithAck(event, payload);
    } catch {
      throw new Error('the server did not answer');
    }
    if (reply && typeof reply === 'object' && typeof reply.error === 'string') throw new Error(reply.error);
    return reply;
  }

  // ---- the dev token endpoint ------------------------------------------------------------------------

  class DevModeOff extends Error {}

  /** POST api/dev/token: resolves with {token, expiresAt}; rejects with DevModeOff on 404. */
  async function mint(profile) {
    let response;
    try {
      response = await fetch(new URL('api/dev/token', location.href), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(profile),
      });
    } catch {
      throw new Error('the server cannot be reached');
    }
    if (response.status === 404) throw new DevModeOff('development mode is off');
    let body = null;
    try {
      body = await response.json();
    } catch {
      // not JSON: reported below
    }
    if (!response.ok) {
      throw new Error(body && typeof body.detail === 'string' ? body.detail : 'HTTP ' + response.status);
    }
    if (!body || typeof body.token !== 'string') throw new Error('the token endpoint sent no token');
    return body;
  }

  function showSigninError(err) {
    if (err instanceof DevModeOff) {
      show(ui.devOff, true);
      log('bad', 'No dev token: development mode is off on this server');
    } else {
      ui.signinError.textContent = 'Could not get a token: ' + err.message;
      show(ui.signinError, true);
      log('bad', ui.signinError.textContent);
    }
  }

  // ---- connecting ------------------------------------------------------------------------------------

  /** (Re)connects with the current token as a new socket: what the old one had is forgotten. */
  function connectFresh() {
    if (socket.active) socket.disconnect();
    state.expiresAt = null;
    state.disconnectAt = null;
    state.wanted.clear();
    setJoined([]);
    renderWhoami(null);
    state.refreshes = 0;
    ui.refreshResult.dataset.count = '0';
    ui.refreshResult.textContent = 'not yet';
    ui.whoamiExpiry.dataset.disconnectAt = '';
    show(ui.connectError, false);
    show(ui.serverNotice, false);
    setStatus('connecting', 'Connecting…');
    socket.connect();
  }

  ui.signinForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const subject = ui.name.value.trim();
    const groups = [...ui.signinForm.querySelectorAll('input[name="group"]:checked')].map((box) => box.value);
    const profile = { subject, groups, lifetimeSeconds: Number(ui.lifetime.value) };
    show(ui.signinError, false);
    ui.signinButton.disabled = true;
    try {
      const minted = await mint(profile);
      show(ui.devOff, false);
      state.profile = profile;
      state.token = minted.token;
      log('info', 'Got a dev token for ' + subject + ' (groups: ' + (groups.join(', ') || 'none') + '), valid until '
          + clock(minted.expiresAt));
      connectFresh();
    } catch (err) {
      showSigninError(err);
    } finally {
      ui.signinButton.disabled = false;
    }
  });

  ui.anonymous.addEventListener('click', () => {
    state.profile = null;
    state.token = null;
    log('info', 'Connecting without a token');
    connectFresh();
  });

  ui.disconnect.addEventListener('click', () => socket.disconnect());

  /** Shows the connection state, with the same states and colours as the chat page. */
  function setStatus(kind, text) {
    ui.status.dataset.state = kind;
    ui.statusText.textContent = text;
    show(ui.disconnect, socket.active);
  }

  socket.on('connect', () => {
    setStatus('connected', 'Connected to /secure · ' + socket.io.engine.transport.name);
    socket.io.engine.once('upgrade', () => {
      if (socket.connected) setStatus('connected', 'Connected to /secure · ' + socket.io.engine.transport.name);
    });
    show(ui.connectError, false);
    setJoined([]);
    log('ok', 'Connected to /secure');
    // A new connection is a new socket on the server: rejoin what we were in.
    for (const group of state.wanted) joinGroup(group, true);
  });

  socket.on('disconnect', (reason) => {
    setJoined([]);
    if (socket.active) {
      setStatus('reconnecting', 'Reconnecting…');
    } else {
      setStatus('offline', reason === 'io server disconnect' ? 'Disconnected by the server' : 'Disconnected');
    }
    log(reason === 'io client disconnect' ? 'info' : 'bad', 'Disconnected (' + reason + ')');
  });

  const HINTS = {
    unauthorized: '/secure needs a token: sign in.',
    forbidden: 'The token is valid, but /secure needs the group "user": tick it and sign in again.',
    invalid_token: 'The server could not verify the token.',
    token_expired: 'The token ran out: sign in again for a new one.',
  };

  // A refusal of the namespace (socket no longer active) carries data.code; a transport failure does not, and
  // Socket.IO keeps trying by itself.
  socket.on('connect_error', (err) => {
    const code = err && err.data && typeof err.data.code === 'string' ? err.data.code : '';
    if (socket.active) {
      setStatus('reconnecting', 'Reconnecting… (' + err.message + ')');
      return;
    }
    setStatus('offline', 'Refused');
    ui.connectErrorMessage.textContent = err.message;
    ui.connectErrorCode.textContent = code || 'none';
    ui.connectErrorHint.textContent = HINTS[code] || '';
    show(ui.connectError, true);
    log('bad', 'Connect error: ' + err.message + (code ? ' (' + code + ')' : ''));
    if (code === 'token_expired' && state.profile && ui.autoRefresh.checked) {
      log('info', 'Auto-refresh: getting a new token and connecting again');
      renewThen(() => socket.connect());
    }
  });

  socket.io.on('reconnect_attempt', (attempt) => {
    setStatus('reconnecting', 'Reconnecting… (attempt ' + attempt + ')');
  });

  // ---- who am I --------------------------------------------------------------------------------------

  socket.on('whoami', (me) => {
    if (!me || typeof me !== 'object') return;
    renderWhoami(me);
    log('info', 'whoami: ' + String(me.name) + ', groups ' + (Array.isArray(me.groups) ? me.groups.join(', ') : '?'));
  });

  function renderWhoami(me) {
    show(ui.whoami, me !== null);
    show(ui.whoamiEmpty, me === null);
    if (me === null) return;
    ui.whoamiName.textContent = String(me.name);
    const groups = Array.isArray(me.groups) ? me.groups : [];
    ui.whoamiGroups.replaceChildren(...groups.map((g) => el('span', 'chip', String(g))));
    setExpiry(Number(me.expiresAt));
  }

  function setExpiry(expiresAt) {
    state.expiresAt = Number.isFinite(expiresAt) ? expiresAt : null;
    ui.whoamiExpiry.dataset.expiresAt = state.expiresAt === null ? '' : String(state.expiresAt);
    ui.whoamiExpiry.textContent = state.expiresAt === null ? 'unknown' : clock(state.expiresAt);
    renderCountdown();
  }

  /** "in 5 s", or once past the expiry, when the server will disconnect (it tolerates some clock skew). */
  function renderCountdown() {
    if (state.expiresAt === null) {
      ui.whoamiCountdown.textContent = '';
      return;
    }
    const left = Math.round((state.expiresAt - Date.now()) / 1000);
    let text = left >= 0 ? '(in ' + left + ' s)' : '(expired ' + -left + ' s ago';
    if (left < 0 && !socket.connected) {
      text += ')';
    } else if (left < 0) {
      text += state.disconnectAt ? '; the server disconnects at ' + clock(state.disconnectAt) + ')'
          : '; the server allows some clock skew)';
    }
    ui.whoamiCountdown.textContent = text;
  }

  setInterval(renderCountdown, 1000);

  // ---- the token's life on the socket ----------------------------------------------------------------

  socket.on('switchboard:token-expiring', (notice) => {
    state.disconnectAt = notice && Number.isFinite(notice.disconnectAt) ? notice.disconnectAt : null;
    ui.whoamiExpiry.dataset.disconnectAt = state.disconnectAt === null ? '' : String(state.disconnectAt);
    renderCountdown();
    const when = state.disconnectAt ? clock(state.disconnectAt) : 'soon';
    if (ui.autoRefresh.checked && state.profile) {
      log('info', 'Token expiring (disconnect at ' + when + '): refreshing it');
      refreshToken();
    } else {
      log('bad', 'Token expiring: the server disconnects at ' + when
          + (state.profile ? ' (auto-refresh is off)' : ' (no dev token to refresh)'));
    }
  });

  /** Mints a token like the current one; on success makes it current and calls `then`. */
  async function renewThen(then) {
    try {
      const minted = await mint(state.profile);
      state.token = minted.token; // reconnections use it from now on, whatever the refresh's answer
      then(minted);
    } catch (err) {
      ui.refreshResult.textContent = 'failed: ' + err.message;
      log('bad', 'Could not get a new token: ' + err.message);
    }
  }

  function refreshToken() {
    renewThen(async (minted) => {
      try {
        const reply = await request('switchboard:refresh', { token: minted.token });
        if (reply && reply.ok === true) {
          state.disconnectAt = null;
          ui.refreshResult.dataset.count = String(++state.refreshes);
          setExpiry(Number(reply.expiresAt));
          ui.refreshResult.textContent = 'ok at ' + clock(Date.now()) + ': now valid until ' + clock(reply.expiresAt);
          log('ok', 'Token refreshed: valid until ' + clock(reply.expiresAt));
        } else {
          const why = reply && typeof reply.message === 'string' ? reply.message : 'refused';
          const code = reply && typeof reply.code === 'string' ? ' (' + reply.code + ')' : '';
          ui.refreshResult.textContent = 'refused: ' + why + code;
          log('bad', 'Refresh refused: ' + why + code);
        }
      } catch (err) {
        ui.refreshResult.textContent = 'failed: ' + err.message;
        log('bad', 'Refresh failed: ' + err.message);
      }
    });
  }

  // Sent just before the server disconnects us for a policy reason (e.g. "token expired").
  socket.on('switchboard:disconnect', (notice) => {
    const reason = notice && typeof notice.reason === 'string' ? notice.reason : 'no reason given';
    ui.serverNoticeReason.textContent = reason;
    show(ui.serverNotice, true);
    log('bad', 'The server is disconnecting us: ' + reason);
  });

  // ---- group rooms -----------------------------------------------------------------------------------

  function setJoined(groups) {
    state.joined = groups;
    const before = ui.messageGroup.value;
    const options = groups.length > 0 ? groups : ['group'];
    ui.messageGroup.replaceChildren(...options.map((g) => {
      const option = el('option', '', g);
      option.value = groups.length > 0 ? g : '';
      return option;
    }));
    if (groups.includes(before)) ui.messageGroup.value = before;
    const canSend = socket.connected && groups.length > 0;
    for (const control of [ui.messageGroup, ui.messageInput, ui.messageSend]) control.disabled = !canSend;
    ui.messageInput.placeholder = canSend ? 'Message the group…' : 'Join a group first';
    for (const button of ui.joinButtons) {
      const group = button.dataset.group;
      button.disabled = !socket.connected || groups.includes(group);
      button.textContent = groups.includes(group) ? 'In ' + group + ' ✓' : 'Join ' + group;
    }
  }

  function setJoinResult(outcome, text) {
    ui.joinResult.dataset.outcome = outcome;
    ui.joinResult.textContent = text;
  }

  async function joinGroup(group, quiet) {
    try {
      const rooms = await request('group:join', group);
      const groups = (Array.isArray(rooms) ? rooms : [])
          .filter((r) => typeof r === 'string' && r.startsWith(GROUP_ROOM))
          .map((r) => r.slice(GROUP_ROOM.length));
      state.wanted.add(group);
      setJoined(groups);
      if (!quiet) {
        setJoinResult('ok', 'Joined ' + group + '. Your rooms: ' + rooms.join(', '));
        log('ok', 'Joined group ' + group);
      }
    } catch (err) {
      state.wanted.delete(group);
      setJoinResult('error', 'Could not join ' + group + ': ' + err.message);
      log('bad', 'Could not join ' + group + ': ' + err.message);
    }
  }

  for (const button of ui.joinButtons) {
    button.addEventListener('click', () => joinGroup(button.dataset.group, false));
  }

  ui.messageForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const group = ui.messageGroup.value;
    const text = ui.messageInput.value;
    if (!group || !text.trim()) return;
    ui.messageInput.value = '';
    show(ui.messageError, false);
    try {
      await request('group:message', { group, text });
    } catch (err) {
      ui.messageError.textContent = 'Not delivered: ' + err.message;
      show(ui.messageError, true);
    }
  });

  socket.on('group:message', (message) => {
    if (!message || typeof message !== 'object') return;
    const item = el('li', 'group-message');
    item.dataset.group = String(message.group);
    item.dataset.from = String(message.from);
    const meta = el('div', 'meta');
    meta.append(el('span', 'chip', String(message.group)), el('span', 'nick', String(message.from)),
        el('time', 'at', clock(Number.isFinite(message.at) ? message.at : Date.now())));
    item.append(meta, el('p', 'text', String(message.text)));
    prepend(ui.groupMessages, item);
  });

  // ---- start -----------------------------------------------------------------------------------------

  setJoined([]);
  renderWhoami(null);
  ui.name.focus();
})();
