// Where the Mattermost REST API lives, seen from the page the plugin runs in. Mattermost's own
// webapp computes it the same way: the page's origin plus `window.basename`, which Mattermost sets
// when it is served under a subpath (https://example.com/chat).

interface MattermostWindow {
  location: { origin: string };
  basename?: string;
}

export function pageSiteUrl(win: MattermostWindow = window as unknown as MattermostWindow): string {
  return trimTrailingSlashes(`${win.location.origin}${win.basename ?? ''}`);
}

export function trimTrailingSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}
