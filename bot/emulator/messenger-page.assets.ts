/** The demo messenger page: static HTML and a separate script (CSP: no inline scripts). */
export const MESSENGER_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Boundary · 钉钉模拟器 / Messenger emulator</title>
<style>
  body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; background: #f2f3f5; }
  header { background: #1677ff; color: #fff; padding: 10px 16px; display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
  header h1 { font-size: 16px; margin: 0; flex: 1; }
  main { max-width: 760px; margin: 0 auto; padding: 12px; }
  #log { background: #fff; border-radius: 8px; min-height: 55vh; padding: 12px; overflow-y: auto; max-height: 70vh; }
  .msg { margin: 8px 0; display: flex; }
  .msg.user { justify-content: flex-end; }
  .bubble { max-width: 80%; padding: 8px 12px; border-radius: 8px; background: #e8f3ff; white-space: normal; }
  .user .bubble { background: #95ec69; }
  .card { border: 1px solid #d0d7de; border-radius: 8px; padding: 10px; background: #fff; max-width: 80%; }
  .card h3 { margin: 0 0 6px; font-size: 15px; }
  .card .status { color: #389e0d; margin-top: 6px; }
  .card button { margin: 6px 6px 0 0; }
  form { display: flex; gap: 8px; margin-top: 10px; }
  input[type=text] { flex: 1; padding: 10px; font-size: 15px; border: 1px solid #ccc; border-radius: 6px; }
  button { padding: 8px 14px; border-radius: 6px; border: 1px solid #1677ff; background: #1677ff; color: #fff; cursor: pointer; }
  .hint { color: #666; font-size: 13px; margin: 8px 0; }
  #mails { margin-top: 16px; font-size: 13px; }
</style>
</head>
<body>
<header>
  <h1>Boundary · 钉钉模拟器 / Messenger emulator</h1>
  <label for="user">用户 / User</label>
  <select id="user" aria-label="user"></select>
</header>
<main>
  <p class="hint">选择一位演示用户，输入“帮助”或 “help”。/ Pick a demo user and type “帮助” or “help”. 请求会像钉钉一样签名后发送到 /dingtalk/robot。</p>
  <div id="log" role="log" aria-live="polite"></div>
  <form id="composer">
    <input id="text" type="text" aria-label="message" placeholder="输入消息 / Type a message" autocomplete="off">
    <button type="submit">发送 / Send</button>
  </form>
  <div id="status" class="hint" role="status"></div>
  <details id="mails"><summary>发给前员工的邮件 / Mails to former employees</summary><ul id="mail-list"></ul></details>
</main>
<script src="/dev/messenger/app.js"></script>
</body>
</html>
`;

export const MESSENGER_JS = `'use strict';
(function () {
  var userSelect = document.getElementById('user');
  var log = document.getElementById('log');
  var statusEl = document.getElementById('status');
  var lastRendered = '';

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // A tiny markdown subset (headings, bold, lists, line breaks), built with DOM nodes only.
  function markdown(target, text) {
    (text || '').split('\\n').forEach(function (line) {
      var m = /^(#{1,6})\\s+(.*)$/.exec(line);
      var node = m ? el('strong') : el('div');
      var content = m ? m[2] : line.replace(/^[-*]\\s+/, '• ');
      content.split(/(\\*\\*[^*]+\\*\\*)/).forEach(function (part) {
        if (/^\\*\\*[^*]+\\*\\*$/.test(part)) node.appendChild(el('b', '', part.slice(2, -2)));
        else node.appendChild(document.createTextNode(part));
      });
      target.appendChild(node);
      if (m) target.appendChild(el('div'));
    });
  }

  function api(path, body) {
    return fetch(path, body === undefined ? {} : {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body)
    }).then(function (r) { return r.json(); });
  }

  function renderCard(entry) {
    var box = el('div', 'card');
    var p = entry.params || {};
    box.appendChild(el('h3', '', p.title || ''));
    markdown(box, p.markdown || '');
    var buttons = [];
    try { buttons = JSON.parse(p.buttons || '[]'); } catch (e) { buttons = []; }
    buttons.forEach(function (b) {
      var btn = el('button', '', b.label);
      btn.type = 'button';
      btn.addEventListener('click', function () { press(entry.outTrackId, b); });
      box.appendChild(btn);
    });
    if (p.status) box.appendChild(el('div', 'status', p.status));
    return box;
  }

  function render(entries, mails) {
    var key = JSON.stringify(entries) + JSON.stringify(mails);
    if (key === lastRendered) return;
    lastRendered = key;
    log.textContent = '';
    entries.forEach(function (e) {
      var row = el('div', 'msg ' + e.from);
      if (e.kind === 'card') row.appendChild(renderCard(e));
      else {
        var b = el('div', 'bubble');
        if (e.from === 'bot') markdown(b, e.text); else b.textContent = e.text;
        row.appendChild(b);
      }
      log.appendChild(row);
    });
    log.scrollTop = log.scrollHeight;
    var list = document.getElementById('mail-list');
    list.textContent = '';
    mails.forEach(function (m) { list.appendChild(el('li', '', m.to + ' — ' + m.subject)); });
  }

  function refresh() {
    if (!userSelect.value) return;
    api('/dev/messenger/api/conversation?userId=' + encodeURIComponent(userSelect.value)).then(function (r) {
      render(r.entries || [], r.mails || []);
    });
  }

  function post(path, signed) {
    var headers = Object.assign({ 'content-type': 'application/json; charset=utf-8' }, signed.headers);
    return fetch(path, { method: 'POST', headers: headers, body: JSON.stringify(signed.body) });
  }

  function send(text) {
    statusEl.textContent = '';
    return api('/dev/messenger/api/compose', { userId: userSelect.value, text: text })
      .then(function (signed) { return post('/dingtalk/robot', signed); })
      .then(function (res) { statusEl.textContent = res.ok ? '' : 'HTTP ' + res.status; refresh(); });
  }

  function press(outTrackId, button) {
    api('/dev/messenger/api/card-press', { userId: userSelect.value, outTrackId: outTrackId, actionId: button.id, params: button.params || {} })
      .then(function (signed) { return post('/dingtalk/card', signed); })
      .then(function (res) { return res.json(); })
      .then(function (answer) {
        var params = (answer && answer.cardData && answer.cardData.cardParamMap) || {};
        return api('/dev/messenger/api/card-applied', { outTrackId: outTrackId, params: params });
      })
      .then(refresh);
  }

  document.getElementById('composer').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var input = document.getElementById('text');
    var text = input.value.trim();
    if (!text || !userSelect.value) return;
    input.value = '';
    send(text);
  });
  userSelect.addEventListener('change', function () { lastRendered = ''; refresh(); });

  api('/dev/messenger/api/users').then(function (r) {
    var users = r.users || [];
    users.forEach(function (u) {
      var o = el('option', '', u.name + (u.title ? ' · ' + u.title : '') + ' (' + u.userId + ')');
      o.value = u.userId;
      userSelect.appendChild(o);
    });
    var guest = el('option', '', '访客（未关联员工）/ Guest (not linked)');
    guest.value = 'demo-guest';
    userSelect.appendChild(guest);
    refresh();
    setInterval(refresh, 1000);
  });
})();
`;
