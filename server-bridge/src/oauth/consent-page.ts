import type { AuthorizationRequest } from './records.js';
import { redirectHost } from './redirect-uris.js';

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1e1e1e}
h1{font-size:1.4rem}.box{border:1px solid #ccc;border-radius:8px;padding:1rem 1.25rem}
button{font-size:1rem;padding:.5rem 1.25rem;margin-right:.5rem;border-radius:4px;border:1px solid #1c58d9}
button[value=approve]{background:#1c58d9;color:#fff}code{word-break:break-all}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>${body}</body></html>`;
}

/**
 * The bridge's consent page: every assistant shares the bridge's one Mattermost app, so before
 * Mattermost is asked the person sees which client this is, where it sends them back, and what
 * it will be able to do. A plain form: state in hidden inputs, a CSRF token, no script.
 */
export function consentPage(request: AuthorizationRequest, action: string): string {
  const name = escapeHtml(request.clientName);
  const host = escapeHtml(redirectHost(request.redirectUri));
  const writes = request.scope === 'read write';
  const abilities = writes
    ? 'read and write: read your channels, messages and files, and post, edit, react and more as you'
    : 'read: read your channels, messages and files, without posting or changing anything';
  return page(
    `Connect ${request.clientName} to Mattermost`,
    `<h1>Connect <span id="client-name">${name}</span> to Mattermost?</h1>
<div class="box">
<p><strong>${name}</strong> asks to act as you in Mattermost through the MCP bridge.</p>
<p>After you approve, it is sent back to <strong id="redirect-host">${host}</strong>.</p>
<p>It will be able to <strong id="access">${escapeHtml(abilities)}</strong>.</p>
<p>Client id: <code>${escapeHtml(request.clientId)}</code></p>
</div>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="request" value="${escapeHtml(request.id)}">
<input type="hidden" name="csrf_token" value="${escapeHtml(request.csrf)}">
${writes ? '<p><label><input type="checkbox" name="read_only" value="1"> Allow reading only</label></p>' : ''}
<p>Next, Mattermost asks you to sign in (if you are not) and to allow the bridge.</p>
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>
<p>You can disconnect it at any time in Mattermost: Settings, AI assistant access.</p>`,
  );
}

/** A refusal shown in the browser when going back to the client would be unsafe. */
export function errorPage(message: string): string {
  return page(
    'Cannot connect the assistant',
    `<h1>Cannot connect the assistant</h1><p id="error">${escapeHtml(message)}</p>`,
  );
}
