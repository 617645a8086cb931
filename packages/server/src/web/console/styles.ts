/**
 * The console's one stylesheet, served at /console/console.css (the CSP allows styles from our own
 * origin only, so none are inline). Plain CSS: wide tables scroll inside their wrapper, the
 * navigation wraps, and every focusable element shows a clear outline.
 */
export const CONSOLE_CSS = `
:root{--fg:#1d1d1f;--muted:#5f6368;--line:#d7d9dd;--accent:#0b57d0;--danger:#b3261e;--bg:#fff;--soft:#f4f6f8}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
:focus-visible{outline:3px solid #f9ab00;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:10}
.skip:focus{left:.5rem;top:.5rem}
.top{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;padding:.6rem 1rem;border-bottom:1px solid var(--line)}
.brand{font-weight:700;text-decoration:none;color:var(--fg)}
.account{display:flex;gap:.75rem;align-items:center;flex-wrap:wrap}
nav ul{list-style:none;margin:0;padding:.4rem 1rem;display:flex;flex-wrap:wrap;gap:.25rem .9rem;border-bottom:1px solid var(--line);background:var(--soft)}
nav a{text-decoration:none;padding:.2rem 0;display:inline-block}
nav a[aria-current=page]{font-weight:700;border-bottom:2px solid var(--accent)}
main{padding:1rem;max-width:80rem;margin:0 auto}
main:focus{outline:none}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
h1,h2,h3,p,dd{overflow-wrap:anywhere}
td{overflow-wrap:break-word}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
form.card,section.card{border:1px solid var(--line);border-radius:8px;padding:1rem;margin:1rem 0;max-width:40rem}
.field{margin:.75rem 0}
label{display:block;font-weight:600;margin-bottom:.2rem}
.optional,.muted,.hint{color:var(--muted);font-weight:400}
.hint{font-size:.9rem;margin:.2rem 0 0}
input,select,textarea{font:inherit;padding:.45rem .5rem;border:1px solid #8a8f98;border-radius:6px;width:100%;max-width:32rem;background:#fff}
.invalid input,.invalid select{border-color:var(--danger)}
.error{color:var(--danger);margin:.2rem 0 0;font-size:.92rem}
button{font:inherit;padding:.45rem .9rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}
button.danger{background:#fff;color:var(--danger);border-color:var(--danger)}
button.link{background:none;border:none;color:var(--accent);padding:0;text-decoration:underline}
form.inline{display:inline}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end;margin:1rem 0}
.filters .field{margin:0}
.filters .optional{display:none}
.filters input,.filters select{width:12rem}
.table-wrap{overflow-x:auto;margin:1rem 0;border:1px solid var(--line);border-radius:8px}
table{border-collapse:collapse;width:100%}
caption{text-align:left;padding:.5rem .75rem;font-weight:600}
th,td{text-align:left;padding:.45rem .75rem;border-top:1px solid var(--line);vertical-align:top}
td code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.88rem;word-break:break-all}
.notice{background:#e6f4ea;border:1px solid #81c995;padding:.6rem .9rem;border-radius:6px}
.warning{background:#fef7e0;border:1px solid #f9ab00;padding:.6rem .9rem;border-radius:6px}
.secret{font-family:ui-monospace,monospace;background:var(--soft);padding:.6rem;border-radius:6px;word-break:break-all}
pre.json{background:var(--soft);padding:.75rem;border-radius:6px;overflow:auto;max-height:28rem;font-size:.85rem}
.logo{width:28px;height:28px;object-fit:contain;vertical-align:middle;margin-right:.4rem}
.badge{white-space:nowrap;overflow-wrap:normal;display:inline-block;padding:0 .45rem;border-radius:999px;background:var(--soft);border:1px solid var(--line);font-size:.82rem}
.badge.ok{background:#e6f4ea;border-color:#81c995}
.badge.bad{background:#fce8e6;border-color:#f28b82}
.match{margin:.15rem 0}
.pager{display:flex;gap:1rem;margin:.5rem 0}
dl.props{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dl.props dt{font-weight:600}
dl.props dd{margin:0;word-break:break-all}
@media (max-width:600px){main{padding:.75rem}table{min-width:38rem}.filters input,.filters select{width:100%}dl.props{grid-template-columns:1fr}}
`;
