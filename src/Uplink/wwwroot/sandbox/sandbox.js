'use strict';
// The sandbox chat: plays a member, sends what they type or press, and shows the bot's messages
// as they arrive (Server-Sent Events). A static file: the site's CSP allows no inline scripts.
(() => {
  const root = document.getElementById('sandbox');
  const bot = root.dataset.bot;
  const $ = (id) => document.getElementById(id);
  const api = '/sandbox/api/users';
  const allowed = new Set(['B', 'STRONG', 'I', 'EM', 'U', 'INS', 'S', 'STRIKE', 'DEL', 'A', 'CODE', 'PRE', 'SPAN', 'TG-SPOILER', 'BLOCKQUOTE']);
  let current = null;
  let stream = null;
  // /sandbox?start=<payload> (the site's "Open in the sandbox chat", e.g. from /login) is a deep link
  // opened as the member played here last, or as the next one picked; Telegram's payload characters only.
  const params = new URLSearchParams(location.search);
  let pending = /^[A-Za-z0-9_-]{1,64}$/.test(params.get('start') ?? '') ? params.get('start') : null;
  const lastPlayed = {
    get: () => { try { return localStorage.getItem('uplink-sandbox-user'); } catch { return null; } },
    set: (id) => { try { localStorage.setItem('uplink-sandbox-user', id); } catch { /* private mode: not remembered */ } },
  };

  const post = (url, body) => fetch(url, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });

  // A t.me link to this bot with ?start= is an invite: it becomes /start <payload> of the member played.
  const startPayload = (href) => {
    try {
      const url = new URL(href);
      return url.hostname === 't.me' && url.pathname.slice(1).toLowerCase() === bot.toLowerCase()
        ? (url.searchParams.get('start') ?? '') : null;
    } catch { return null; }
  };

  const say = (text) => current && post(`${api}/${current}/messages`, { text });
  const start = (payload) => say(payload ? `/start ${payload}` : '/start');

  const link = (href, text) => {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    if (startPayload(href) === null) {
      a.target = '_blank';
      a.rel = 'noopener';
    }
    return a;
  };

  document.addEventListener('click', (e) => {
    const a = e.target.closest('a[href]');
    const payload = a && startPayload(a.href);
    if (payload !== null && payload !== undefined) {
      e.preventDefault();
      start(payload);
    }
  });

  // Telegram's HTML rebuilt from its allowed tags only; text keeps bare URLs clickable, as Telegram does.
  const render = (node, into, inLink = false) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        const parts = child.textContent.split(/(https?:\/\/[^\s<>"]+)/);
        parts.forEach((part, i) => into.append(i % 2 && !inLink ? link(part, part) : document.createTextNode(part)));
      } else if (child.nodeType === Node.ELEMENT_NODE && allowed.has(child.tagName)) {
        const href = child.getAttribute('href');
        const el = child.tagName === 'A'
          ? (href && /^(https?:|tg:)/.test(href) ? link(href, '') : document.createElement('span'))
          : document.createElement(child.tagName === 'TG-SPOILER' ? 'span' : child.tagName);
        render(child, el, inLink || el.tagName === 'A');
        into.append(el);
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        render(child, into, inLink);
      }
    }
  };

  const inlineButtons = (line, markup) => {
    const box = document.createElement('div');
    box.className = 'buttons';
    for (const row of markup.inline_keyboard) {
      const r = document.createElement('div');
      r.className = 'row';
      for (const b of row) {
        if (b.url) {
          r.append(link(b.url, b.text));
        } else {
          const button = document.createElement('button');
          button.type = 'button';
          button.className = 'inline';
          button.textContent = b.text;
          button.dataset.data = b.callback_data ?? '';
          button.addEventListener('click', () =>
            post(`${api}/${current}/presses`, { message_id: line.id, data: b.callback_data ?? '' }));
          r.append(button);
        }
      }
      box.append(r);
    }
    return box;
  };

  const replyKeyboard = (markup) => {
    if (!markup) return;
    const keyboard = $('keyboard');
    if (markup.remove_keyboard) keyboard.replaceChildren();
    if (!markup.keyboard) return;
    keyboard.replaceChildren(...markup.keyboard.map((row) => {
      const r = document.createElement('div');
      r.className = 'buttons row';
      for (const b of row) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = typeof b === 'string' ? b : b.text;
        button.addEventListener('click', () => say(button.textContent));
        r.append(button);
      }
      return r;
    }));
  };

  const show = (line) => {
    const chat = $('chat');
    const existing = document.getElementById(`m-${line.id}`);
    const el = document.createElement('div');
    el.id = `m-${line.id}`;
    el.className = `msg ${line.from}` + (existing ? ' edited' : '');
    if (line.photo) {
      const img = document.createElement('img');
      img.src = line.photo;
      img.alt = 'photo';
      el.append(img);
    }
    const body = document.createElement('div');
    body.className = 'text';
    render(new DOMParser().parseFromString(`<body>${line.html}</body>`, 'text/html').body, body);
    el.append(body);
    if (line.markup?.inline_keyboard) el.append(inlineButtons(line, line.markup));
    replyKeyboard(line.markup);
    if (existing) existing.replaceWith(el); else chat.append(el);
    chat.scrollTop = chat.scrollHeight;
  };

  const play = (id) => {
    stream?.close();
    current = id || null;
    $('chat').replaceChildren();
    $('keyboard').replaceChildren();
    $('text').disabled = $('send').disabled = !current;
    if (!current) return;
    history.replaceState(null, '', `?user=${current}`);
    lastPlayed.set(current);
    stream = new EventSource(`${api}/${current}/stream`);
    stream.addEventListener('line', (e) => show(JSON.parse(e.data)));
    if (pending !== null) {
      start(pending);
      pending = null;
      $('pending').hidden = true;
    }
  };

  const option = (user) => {
    const o = document.createElement('option');
    o.value = user.id;
    o.textContent = `${user.name} (${user.language}${user.admin ? ', admin' : ''})`;
    $('user').append(o);
  };

  $('user').addEventListener('change', (e) => play(e.target.value));

  $('new-user').addEventListener('submit', async (e) => {
    e.preventDefault();
    const response = await post(api, { name: $('new-name').value, language: $('new-language').value, admin: $('new-admin').checked });
    if (!response.ok) return;
    const user = await response.json();
    option(user);
    $('user').value = user.id;
    $('new-name').value = '';
    $('new-admin').checked = false;
    play(String(user.id));
  });

  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('text').value.trim();
    if (!text) return;
    $('text').value = '';
    say(text);
  });

  fetch(api).then((r) => r.json()).then((users) => {
    users.forEach(option);
    const wanted = [params.get('user'), lastPlayed.get()].find((id) => id && users.some((u) => String(u.id) === id));
    if (wanted) {
      $('user').value = wanted;
      play(wanted);
    }
    $('pending').hidden = pending === null;
    root.dataset.ready = 'true';
  });
})();
