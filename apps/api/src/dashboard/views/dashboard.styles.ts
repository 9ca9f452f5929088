import { SafeHtml } from './html.template';

/** Inline so the dashboard needs nothing from any other host (no CDN, no web font). */
export const DASHBOARD_CSS = new SafeHtml(`
:root { --ink:#1d2433; --muted:#5b6478; --line:#dde2ea; --bg:#f6f8fb; --card:#fff; --accent:#2f5bea; --partner:#7a3fd1; --good:#1d8a4e; --bad:#c2410c; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color:var(--ink); background:var(--bg); }
header { display:flex; align-items:center; gap:24px; padding:12px 24px; background:#111a33; color:#fff; }
header a { color:#dfe6ff; text-decoration:none; } header .brand { font-weight:600; color:#fff; }
nav { display:flex; gap:16px; flex:1; } .who { display:flex; gap:12px; align-items:center; }
.who form { margin:0; } .who button { background:transparent; color:#dfe6ff; border:1px solid #4a5780; border-radius:4px; padding:3px 10px; cursor:pointer; }
main { max-width:1180px; margin:0 auto; padding:20px 24px 48px; }
h1 { font-size:22px; margin:4px 0 16px; } h2 { font-size:16px; margin:0 0 10px; }
.grid { display:grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap:16px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:16px; overflow-x:auto; }
.card.wide { grid-column: 1 / -1; }
.card header, .card .head { display:flex; justify-content:space-between; align-items:baseline; background:none; padding:0; color:var(--ink); }
table { border-collapse:collapse; width:100%; font-variant-numeric: tabular-nums; }
th, td { text-align:left; padding:6px 8px; border-bottom:1px solid var(--line); white-space:nowrap; }
th { color:var(--muted); font-weight:600; font-size:12px; text-transform:uppercase; letter-spacing:.03em; }
td.num, th.num { text-align:right; }
a { color:var(--accent); } .csv { font-size:12px; }
.kpis { display:flex; flex-wrap:wrap; gap:12px; margin-bottom:16px; }
.kpi { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:10px 14px; min-width:170px; }
.kpi .label { color:var(--muted); font-size:12px; } .kpi .value { font-size:20px; font-weight:600; font-variant-numeric: tabular-nums; }
.good { color:var(--good); } .bad { color:var(--bad); } .muted, .empty { color:var(--muted); }
.pill { display:inline-block; padding:1px 8px; border-radius:10px; background:#eef1f7; font-size:12px; }
.legend { display:flex; gap:16px; flex-wrap:wrap; font-size:12px; color:var(--muted); margin-top:6px; }
.legend i { display:inline-block; width:18px; height:3px; vertical-align:middle; margin-right:6px; }
.signin { max-width:420px; margin:60px auto; } .signin input { width:100%; padding:8px; font:inherit; border:1px solid var(--line); border-radius:4px; }
.signin button { margin-top:12px; padding:8px 16px; background:var(--accent); color:#fff; border:0; border-radius:4px; font:inherit; cursor:pointer; }
.act { display:grid; gap:8px; max-width:640px; } .act label { display:grid; gap:2px; color:var(--muted); font-size:12px; }
.act :is(input, textarea, select) { font:inherit; padding:6px; border:1px solid var(--line); border-radius:4px; color:var(--ink); }
.act .buttons { display:flex; gap:8px; flex-wrap:wrap; }
.act button { padding:6px 14px; border:1px solid var(--accent); border-radius:4px; background:var(--accent); color:#fff; font:inherit; cursor:pointer; }
.act button.secondary { background:#fff; color:var(--accent); }
.problem { border:1px solid var(--bad); border-radius:8px; background:#fff7f2; padding:8px 14px; margin-bottom:16px; }
dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:4px 16px; margin:0; } dl.facts dt { color:var(--muted); }
.error { color:var(--bad); } svg text { font: 11px system-ui, sans-serif; fill: var(--muted); }
`);
