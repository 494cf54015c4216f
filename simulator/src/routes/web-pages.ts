import type { Router } from 'express';
import type { SimContext } from '../context.js';
import type { OAuthApp } from '../store/types.js';

// The two pages of Mattermost's web app that a browser meets during an OAuth sign-in: `/login` and
// the app's consent at `/oauth/authorize`. Like the real web app they call the REST API from the
// page (login, then `POST /oauth/authorize`) and follow the answer.

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

function page(title: string, body: string, script: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>${body}<script>${script}</script></body></html>`;
}

/** Where `/login` may send the browser afterwards: a path on this server, never another site. */
export function safeRedirectTarget(target: unknown): string {
  return typeof target === 'string' && target.startsWith('/') && !target.startsWith('//')
    ? target
    : '/';
}

const LOGIN_SCRIPT = `
const form = document.getElementById('login');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const response = await fetch('/api/v4/users/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
    body: JSON.stringify({ login_id: form.login_id.value, password: form.password.value }),
  });
  if (!response.ok) {
    document.getElementById('error').textContent = (await response.json()).message;
    return;
  }
  window.location.assign(form.dataset.next);
});`;

function loginPage(next: string): string {
  return page(
    'Mattermost - Log in',
    `<h1>Log in to Mattermost</h1>
<form id="login" data-next="${escapeHtml(next)}">
<label>Email or username <input name="login_id" id="login_id" autocomplete="username"></label>
<label>Password <input name="password" id="password" type="password" autocomplete="current-password"></label>
<button type="submit" id="loginButton">Log in</button>
</form><p id="error" role="alert"></p>`,
    LOGIN_SCRIPT,
  );
}

const AUTHORIZE_SCRIPT = `
const data = document.getElementById('request').dataset;
const csrf = (document.cookie.match(/(?:^|; )MMCSRF=([^;]*)/) || [])[1] || '';
document.getElementById('allow').addEventListener('click', async () => {
  const response = await fetch('/oauth/authorize', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest', 'X-CSRF-Token': csrf },
    body: JSON.stringify({ response_type: 'code', client_id: data.clientId, redirect_uri: data.redirectUri, state: data.state, scope: data.scope }),
  });
  const answer = await response.json();
  if (!response.ok) { document.getElementById('error').textContent = answer.message; return; }
  window.location.assign(answer.redirect);
});
document.getElementById('deny').addEventListener('click', () => {
  const url = new URL(data.redirectUri);
  url.searchParams.set('error', 'access_denied');
  if (data.state) url.searchParams.set('state', data.state);
  window.location.replace(url.toString());
});`;

/** The consent page of an app that is neither trusted nor approved before. */
export function authorizePage(
  app: OAuthApp,
  request: { redirectUri: string; state: string; scope: string },
): string {
  return page(
    `Mattermost - Authorize ${app.name}`,
    `<h1>${escapeHtml(app.name)} would like the ability to access and modify your basic information.</h1>
<p>${escapeHtml(app.description)}</p>
<div id="request" data-client-id="${escapeHtml(app.id)}" data-redirect-uri="${escapeHtml(request.redirectUri)}"
 data-state="${escapeHtml(request.state)}" data-scope="${escapeHtml(request.scope)}"></div>
<button type="button" id="allow">Allow</button>
<button type="button" id="deny">Deny</button>
<p id="error" role="alert"></p>`,
    AUTHORIZE_SCRIPT,
  );
}

/** `/login`: the sign-in page of the web app, back to `redirect_to` afterwards. */
export function registerWebPages(r: Router, _ctx: SimContext): void {
  r.get('/login', (req, res) => {
    res
      .status(200)
      .type('html')
      .send(loginPage(safeRedirectTarget(req.query['redirect_to'])));
  });
}
