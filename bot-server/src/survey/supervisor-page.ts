/**
 * The supervisors' survey page, rendered on the server as plain HTML: no script at all, every value (above all the
 * customers' comments) escaped and stripped of bidi controls, each comment isolated with `dir="auto"` so
 * right-to-left words show as written without reordering the table around them.
 */
import { escapeHtml, neutraliseText } from '@parley/protocol';
import type { RatingSummary, SurveyComment, SurveySummary } from './model.js';

export const STYLESHEET_PATH = '/operator/supervisor.css';

const esc = (s: string) => escapeHtml(neutraliseText(s));
const fixed = (n: number | null) => (n === null ? '–' : n.toFixed(2));
const minute = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ');

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · Parley</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** An error a supervisor can read, with the catalogue code for support. */
function alert(error: { code: string; message: string } | undefined): string {
  return error ? `<p class="error" role="alert">${esc(error.message)} <code>${esc(error.code)}</code></p>` : '';
}

/** The sign-in form: the token goes in a POST body, never in the address. */
export function loginPage(error?: { code: string; message: string }): string {
  return layout(
    'Supervisor sign-in',
    `<h1>Customer satisfaction: sign in</h1>
${alert(error)}
<form method="post" action="/operator/login" class="login">
<label for="token">Operator token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required maxlength="512">
<button type="submit">Sign in</button>
</form>
<p class="hint">The token is one of <code>OPERATOR_TOKEN</code>. You stay signed in for eight hours on this browser.</p>`,
  );
}

export function errorPage(error: { code: string; message: string }): string {
  return layout(
    'Error',
    `<h1>Customer satisfaction</h1>\n${alert(error)}\n<p><a href="/operator/surveys">Back to the surveys</a></p>`,
  );
}

export interface SurveysView {
  /** The dates shown, as YYYY-MM-DD (UTC), both included. */
  from: string;
  to: string;
  summary: SurveySummary;
  comments: SurveyComment[];
}

const RATINGS = [1, 2, 3, 4, 5] as const;

function ratingTable(
  caption: string,
  keyHeader: string,
  rows: readonly RatingSummary[],
  label: (r: RatingSummary) => string,
) {
  if (rows.length === 0) return `<h2>${esc(caption)}</h2>\n<p>No surveys in this period.</p>`;
  const head = RATINGS.map(
    (n) => `<th scope="col" class="num">${n}<span class="visually-hidden"> star${n > 1 ? 's' : ''}</span></th>`,
  ).join('');
  const body = rows
    .map(
      (r) =>
        `<tr><th scope="row">${label(r)}</th><td class="num">${r.count}</td><td class="num">${fixed(r.average)}</td>${r.ratings
          .map((n) => `<td class="num">${n}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  return `<h2>${esc(caption)}</h2>
<table>
<thead><tr><th scope="col">${esc(keyHeader)}</th><th scope="col" class="num">Surveys</th><th scope="col" class="num">Average</th>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}

const agentLabel = (r: { key: string; name: string | null }) =>
  r.name ? `<bdi>${esc(r.name)}</bdi> <span class="id">(${esc(r.key)})</span>` : esc(r.key);

function commentsTable(comments: readonly SurveyComment[]): string {
  if (comments.length === 0) return '<h2>Recent comments</h2>\n<p>No comments in this period.</p>';
  const rows = comments
    .map(
      (c) =>
        `<tr><td>${minute(c.createdAt)}</td><td class="num">${c.rating}</td><td>${
          c.agentId ? agentLabel({ key: c.agentId, name: c.agentName }) : '–'
        }</td><td>${c.skillset ? esc(c.skillset) : '–'}</td><td dir="auto" class="comment">${esc(c.comment)}</td></tr>`,
    )
    .join('\n');
  return `<h2>Recent comments</h2>
<table>
<thead><tr><th scope="col">When (UTC)</th><th scope="col" class="num">Rating</th><th scope="col">Agent</th><th scope="col">Skillset</th><th scope="col">Comment</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

export function surveysPage(v: SurveysView): string {
  const { summary } = v;
  return layout(
    'Customer satisfaction',
    `<div class="top">
<h1>Customer satisfaction</h1>
<form method="post" action="/operator/logout"><button type="submit">Sign out</button></form>
</div>
<form method="get" action="/operator/surveys" class="range" aria-label="Date range">
<label for="from">From</label> <input id="from" name="from" type="date" value="${esc(v.from)}" required>
<label for="to">To</label> <input id="to" name="to" type="date" value="${esc(v.to)}" required>
<button type="submit">Show</button>
<span class="hint">Dates in UTC, both included.</span>
</form>
<p class="overall"><strong>${summary.count}</strong> survey${summary.count === 1 ? '' : 's'} from ${v.from} to ${v.to}; average rating <strong>${fixed(summary.average)}</strong> out of 5.</p>
${ratingTable('Per agent', 'Agent', summary.agents, agentLabel)}
${ratingTable('Per skillset', 'Skillset', summary.skillsets, (r) => esc(r.key))}
${commentsTable(v.comments)}`,
  );
}

/** Served from /operator (style-src 'self'): the page carries no inline style. */
export const SUPERVISOR_CSS = `
:root { color-scheme: light; font: 16px/1.5 system-ui, sans-serif; color: #1b1b1b; background: #fff; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 0.5rem; }
.top { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 1rem; }
form.range, form.login { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; }
form.login { flex-direction: column; align-items: flex-start; max-width: 24rem; }
input { font: inherit; padding: 0.3rem; border: 1px solid #595959; border-radius: 4px; }
button { font: inherit; padding: 0.35rem 0.9rem; border: 1px solid #0b4f8a; border-radius: 4px; background: #0b4f8a; color: #fff; cursor: pointer; }
button:focus-visible, input:focus-visible, a:focus-visible { outline: 3px solid #c75b00; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
th, td { text-align: left; padding: 0.35rem 0.6rem; border-bottom: 1px solid #d0d0d0; vertical-align: top; }
thead th { border-bottom: 2px solid #1b1b1b; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.comment { white-space: pre-wrap; overflow-wrap: anywhere; }
.id, .hint { color: #595959; }
.error { color: #a4000f; font-weight: 600; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 40rem) { table { display: block; overflow-x: auto; } }
`;
