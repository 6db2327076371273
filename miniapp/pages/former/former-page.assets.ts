/** Shared look with the mini-app (plain CSS), phone-first; served as files so the CSP needs no inline code. */
export const FORMER_CSS = `
:root { --fg:#1f2329; --muted:#646a73; --line:#e5e6eb; --accent:#1677ff; --bg:#f5f6f7; --danger:#d4380d; }
* { box-sizing: border-box; }
body { margin:0; font: 16px/1.55 -apple-system, BlinkMacSystemFont, "PingFang SC", "Helvetica Neue", "Microsoft YaHei", sans-serif; color:var(--fg); background:var(--bg); }
header { display:flex; justify-content:space-between; align-items:center; padding:12px 16px; background:#fff; border-bottom:1px solid var(--line); }
header strong { font-size:15px; }
header a { font-size:14px; color:var(--accent); text-decoration:none; }
main { max-width:560px; margin:0 auto; padding:16px; }
.card { background:#fff; border-radius:12px; padding:16px; margin-bottom:12px; }
h1 { font-size:20px; margin:0 0 8px; }
dl { margin:0; } dt { color:var(--muted); font-size:13px; margin-top:10px; } dd { margin:2px 0 0; white-space:pre-wrap; word-break:break-word; }
fieldset { border:0; padding:0; margin:0; }
legend { font-weight:600; margin-bottom:8px; }
label.option { display:block; padding:12px; border:1px solid var(--line); border-radius:10px; margin-bottom:8px; }
label.option > input { margin-right:8px; }
.sub { margin:8px 0 0 24px; }
.sub label { display:block; font-size:13px; color:var(--muted); margin-top:6px; }
input[type=text], input[type=email], select, textarea { width:100%; font-size:16px; padding:10px; border:1px solid var(--line); border-radius:8px; background:#fff; }
textarea { min-height:88px; }
button { width:100%; padding:12px; font-size:16px; border:0; border-radius:10px; background:var(--accent); color:#fff; margin-top:8px; }
.muted { color:var(--muted); font-size:13px; }
.error { color:var(--danger); }
footer { text-align:center; color:var(--muted); font-size:12px; padding:16px; }
.js .sub[hidden] { display:none; }
`;

/** Shows only the fields of the chosen option (the form works without it, too). */
export const FORMER_JS = `
(function () {
  document.documentElement.className = 'js';
  var form = document.querySelector('form[data-choices]');
  if (!form) return;
  function sync() {
    var chosen = form.querySelector('input[name=kind]:checked');
    form.querySelectorAll('.sub[data-for]').forEach(function (el) {
      el.hidden = !chosen || el.getAttribute('data-for') !== chosen.value;
    });
  }
  form.addEventListener('change', sync);
  sync();
})();
`;
