// Switchboard chat demo: plain JavaScript on the official Socket.IO client (served at socket.io/socket.io.js).
// Events: "chat" (global, re-broadcast by the server untouched), "nick", "room:join", "room:leave",
// "room:message", and the server's "room:members" presence pushes. User text only ever goes into textContent.
(() => {
  'use strict';

  const GLOBAL = '';            // the channel key of the global chat; rooms use their name
  const MAX_LINES = 500;        // per channel, oldest dropped first
  const ACK_TIMEOUT = 5000;     // ms to wait for the server's acknowledgement

  const $ = (id) => document.getElementById(id);
  const ui = {
    status: $('status'), statusText: $('status-text'), statusToggle: $('status-toggle'),
    meNick: $('me-nick'), overlay: $('nick-overlay'), nickForm: $('nick-form'), nickInput: $('nick-input'),
    nickError: $('nick-error'), channels: $('channels'), joinForm: $('join-form'), joinInput: $('join-input'),
    membersSection: $('members-section'), membersRoom: $('members-room'), members: $('members'),
    membersNote: $('members-note'), title: $('channel-title'), leave: $('leave-button'), logs: $('logs'),
    composer: $('composer'), input: $('message-input'),
  };

  const state = {
    nick: localStorage.getItem('switchboard.nick') || '',
    current: GLOBAL,
    // channel key -> { log: <ol>, unread, members: [{id, nick}] or null for global, synced: members are current }
    channels: new Map(),
  };

  // Same origin; the engine path follows the page, so the demo also works under another context root.
  const socket = io({ path: new URL('socket.io/', location.href).pathname });

  // ---- small DOM helpers (textContent only) ---------------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function time(at) {
    return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function label(key) {
    return key === GLOBAL ? '# global' : '# ' + key;
  }

  // ---- channels -------------------------------------------------------------------------------------

  function channel(key) {
    let ch = state.channels.get(key);
    if (!ch) {
      const log = el('ol', 'log');
      log.hidden = key !== state.current;
      ui.logs.append(log);
      ch = { log, unread: 0, members: key === GLOBAL ? null : [], synced: false };
      state.channels.set(key, ch);
      renderChannels();
    }
    return ch;
  }

  function append(key, item) {
    const ch = channel(key);
    const atBottom = ui.logs.scrollHeight - ui.logs.scrollTop - ui.logs.clientHeight < 40;
    ch.log.append(item);
    while (ch.log.childElementCount > MAX_LINES) ch.log.firstElementChild.remove();
    if (key === state.current) {
      if (atBottom) ui.logs.scrollTop = ui.logs.scrollHeight;
    } else {
      ch.unread++;
      renderChannels();
    }
  }

  function addMessage(key, nick, text, at, mine) {
    const item = el('li', mine ? 'message mine' : 'message');
    const meta = el('div', 'meta');
    meta.append(el('span', 'nick', nick), el('time', 'at', time(at)));
    item.append(meta, el('p', 'text', text));
    append(key, item);
  }

  function addSystem(key, text) {
    append(key, el('li', 'system', text));
  }

  function select(key) {
    state.current = key;
    for (const [k, ch] of state.channels) ch.log.hidden = k !== key;
    channel(key).unread = 0;
    ui.title.textContent = label(key);
    ui.leave.hidden = key === GLOBAL;
    ui.input.placeholder = key === GLOBAL ? 'Message everyone…' : 'Message ' + label(key) + '…';
    renderChannels();
    renderMembers();
    ui.logs.scrollTop = ui.logs.scrollHeight;
    ui.input.focus();
  }

  function renderChannels() {
    const items = [];
    for (const [key, ch] of state.channels) {
      const button = el('button');
      button.type = 'button';
      button.append(el('span', 'name', label(key)));
      if (ch.unread > 0) button.append(el('span', 'badge', String(ch.unread)));
      if (key === state.current) button.setAttribute('aria-current', 'true');
      button.addEventListener('click', () => select(key));
      const li = el('li');
      li.append(button);
      items.push(li);
    }
    ui.channels.replaceChildren(...items);
  }

  function renderMembers() {
    const ch = state.channels.get(state.current);
    if (!ch || ch.members === null) {
      ui.membersRoom.textContent = 'rooms';
      ui.members.replaceChildren();
      ui.membersNote.textContent = 'Presence is kept per room: join one to see who is there.';
      return;
    }
    ui.membersRoom.textContent = label(state.current);
    ui.membersNote.textContent = ch.members.length === 1 ? 'Just you so far.' : '';
    ui.members.replaceChildren(...ch.members.map((m) => {
      const li = el('li', '', m.nick);
      if (m.id === socket.id) li.append(' ', el('span', 'you', '(you)'));
      return li;
    }));
  }

  // ---- presence -------------------------------------------------------------------------------------

  /** Applies a member list the server sent; unless quiet, tells the room who came, went or changed name. */
  function updateMembers(room, members, quiet) {
    const ch = channel(room);
    if (!quiet) {
      const before = new Map(ch.members.map((m) => [m.id, m.nick]));
      const after = new Map(members.map((m) => [m.id, m.nick]));
      for (const [id, nick] of after) {
        if (id === socket.id) continue;
        if (!before.has(id)) addSystem(room, nick + ' joined');
        else if (before.get(id) !== nick) addSystem(room, before.get(id) + ' is now ' + nick);
      }
      for (const [id, nick] of before) {
        if (!after.has(id) && id !== socket.id) addSystem(room, nick + ' left');
      }
    }
    ch.members = members;
    if (room === state.current) renderMembers();
  }

  // ---- what the server sends ------------------------------------------------------------------------

  // Any Socket.IO client may emit "chat": show {nick, text, at} as a message, anything else as best we can.
  socket.on('chat', (...args) => {
    const [first] = args;
    if (first && typeof first === 'object' && typeof first.text === 'string') {
      const nick = typeof first.nick === 'string' && first.nick.trim() ? first.nick : 'anonymous';
      const at = Number.isFinite(first.at) ? first.at : Date.now();
      addMessage(GLOBAL, nick, first.text, at, nick === state.nick);
    } else {
      const text = args.map(describe).join(' ');
      addMessage(GLOBAL, 'anonymous', text || '(empty message)', Date.now(), false);
    }
  });

  function describe(value) {
    if (typeof value === 'string') return value;
    if (value instanceof ArrayBuffer) return '[' + value.byteLength + ' bytes of binary]';
    if (ArrayBuffer.isView(value)) return '[' + value.byteLength + ' bytes of binary]';
    if (typeof Blob !== 'undefined' && value instanceof Blob) return '[' + value.size + ' bytes of binary]';
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }

  // Pushed to a room whenever its members change. Until our join's ack has arrived the ack's list wins.
  socket.on('room:members', ({ room, members }) => {
    const ch = state.channels.get(room);
    if (ch && ch.synced && Array.isArray(members)) updateMembers(room, members, false);
  });

  socket.on('room:message', ({ room, id, nick, text, at }) => {
    if (typeof room !== 'string') return;
    addMessage(room, String(nick), String(text), at, id === socket.id);
  });

  // ---- what the user does ---------------------------------------------------------------------------

  /** Emits with an acknowledgement; calls back with (error message or null, reply). */
  function request(event, payload, done) {
    socket.timeout(ACK_TIMEOUT).emit(event, payload, (err, reply) => {
      if (err) done('the server did not answer', null);
      else if (reply && typeof reply === 'object' && typeof reply.error === 'string') done(reply.error, null);
      else done(null, reply);
    });
  }

  /** Tells the server our nickname; it answers with the name it kept (trimmed). */
  function sendNick() {
    request('nick', state.nick, (error, kept) => {
      if (error) addSystem(state.current, 'Nickname refused: ' + error);
      else if (typeof kept === 'string') ui.meNick.textContent = state.nick = kept;
    });
  }

  function setNick(nick) {
    state.nick = nick;
    localStorage.setItem('switchboard.nick', nick);
    ui.meNick.textContent = nick;
    if (socket.connected) sendNick();
  }

  /** Joins a room and shows it; a rejoin after a reconnection only refreshes its members. */
  function joinRoom(name, rejoin) {
    request('room:join', name, (error, reply) => {
      if (error) {
        addSystem(state.current, 'Could not join ' + label(name) + ': ' + error);
        return;
      }
      const ch = channel(reply.room);
      updateMembers(reply.room, reply.members, true);
      ch.synced = true;
      if (!rejoin) {
        addSystem(reply.room, 'You joined ' + label(reply.room));
        select(reply.room);
      }
    });
  }

  function leaveRoom(name) {
    socket.timeout(ACK_TIMEOUT).emit('room:leave', name, (err) => {
      if (err) {
        addSystem(name, 'Could not leave: the server did not answer');
        return;
      }
      // Any answer means we are out of the room now (an error says we were not in it any more).
      const ch = state.channels.get(name);
      if (ch) ch.log.remove();
      state.channels.delete(name);
      select(GLOBAL);
      addSystem(GLOBAL, 'You left ' + label(name));
    });
  }

  ui.nickForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const nick = ui.nickInput.value.trim();
    if (!nick) {
      ui.nickError.textContent = 'Please type a nickname.';
      ui.nickError.hidden = false;
      return;
    }
    ui.nickError.hidden = true;
    setNick(nick);
    ui.overlay.hidden = true;
    ui.input.focus();
  });

  ui.meNick.addEventListener('click', () => {
    ui.nickInput.value = state.nick;
    ui.overlay.hidden = false;
    ui.nickInput.select();
  });

  ui.joinForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const name = ui.joinInput.value.trim();
    if (!name) return;
    ui.joinInput.value = '';
    if (state.channels.has(name)) select(name);
    else joinRoom(name, false);
  });

  ui.leave.addEventListener('click', () => {
    if (state.current !== GLOBAL) leaveRoom(state.current);
  });

  ui.composer.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = ui.input.value;
    if (!text.trim()) return;
    ui.input.value = '';
    if (state.current === GLOBAL) {
      socket.emit('chat', { nick: state.nick, text, at: Date.now() });
    } else {
      const room = state.current;
      request('room:message', { room, text }, (error) => {
        if (error) addSystem(room, 'Not delivered: ' + error);
      });
    }
  });

  ui.statusToggle.addEventListener('click', () => {
    if (socket.active) {
      socket.disconnect();
    } else {
      socket.connect();
      setStatus('connecting', 'Connecting…');
    }
  });

  // ---- connection status ----------------------------------------------------------------------------

  /** Shows the connection state; `why` (the last disconnect or error reason) goes into the tooltip. */
  function setStatus(kind, text, why) {
    ui.status.dataset.state = kind;
    ui.statusText.textContent = text;
    ui.status.title = why || '';
    ui.statusToggle.textContent = socket.active ? 'Disconnect' : 'Connect';
  }

  function showConnected() {
    setStatus('connected', 'Connected · ' + socket.io.engine.transport.name);
  }

  socket.on('connect', () => {
    showConnected();
    socket.io.engine.once('upgrade', showConnected);
    // A new connection is a new socket on the server: tell it our name again and rejoin our rooms.
    if (state.nick) sendNick();
    for (const [key, ch] of state.channels) {
      if (key !== GLOBAL) {
        ch.synced = false;
        joinRoom(key, true);
      }
    }
  });

  // While the socket is active, Socket.IO reconnects by itself (with backoff); otherwise it stays offline.
  socket.on('disconnect', (reason) => {
    if (socket.active) setStatus('reconnecting', 'Reconnecting…', reason);
    else setStatus('offline', reason === 'io server disconnect' ? 'Disconnected by the server' : 'Offline', reason);
  });

  socket.on('connect_error', (err) => {
    if (socket.active) ui.status.title = err.message;
    else setStatus('offline', 'Refused: ' + err.message, err.message);
  });

  socket.io.on('reconnect_attempt', (attempt) => {
    setStatus('reconnecting', 'Reconnecting… (attempt ' + attempt + ')', ui.status.title);
  });
  socket.io.on('reconnect_failed', () => setStatus('offline', 'Offline', 'gave up reconnecting'));
  window.addEventListener('offline', () => setStatus('offline', 'Offline (no network)', 'the browser is offline'));
  window.addEventListener('online', () => {
    if (socket.connected) showConnected();
  });

  // ---- start ----------------------------------------------------------------------------------------

  channel(GLOBAL);
  select(GLOBAL);
  if (state.nick) {
    ui.meNick.textContent = state.nick;
    ui.nickInput.value = state.nick;
  }
  ui.nickInput.focus();
})();
