import type { BridgeConfig } from './config.js';

/**
 * Settings each valid alone but wrong together, or valid URLs the bridge cannot serve under. Each
 * line names the variable to fix and never repeats a secret's value.
 */
export function configConflicts(config: BridgeConfig): string[] {
  const problems: string[] = [];
  const id = config.MATTERMOST_OAUTH_CLIENT_ID !== undefined;
  const secret = config.MATTERMOST_OAUTH_CLIENT_SECRET !== undefined;
  // One half of the pair alone would leave OAuth off without a word.
  if (id && !secret)
    problems.push(
      'MATTERMOST_OAUTH_CLIENT_SECRET: is required with MATTERMOST_OAUTH_CLIENT_ID (OAuth needs both; unset both to turn it off)',
    );
  if (secret && !id)
    problems.push(
      'MATTERMOST_OAUTH_CLIENT_ID: is required with MATTERMOST_OAUTH_CLIENT_SECRET (OAuth needs both; unset both to turn it off)',
    );
  if (config.BRIDGE_PUBLIC_URL) {
    // Clients look for /.well-known/... at the host's root and the OAuth issuer may have no
    // query or fragment, so the bridge must be served at the root of its public origin.
    const publicUrl = new URL(config.BRIDGE_PUBLIC_URL);
    if (publicUrl.pathname !== '/' || publicUrl.search || publicUrl.hash)
      problems.push(
        `BRIDGE_PUBLIC_URL: must be an origin without a path, such as ${publicUrl.origin} (serve the bridge at the root of its own host name; discovery documents are looked for at the root)`,
      );
  }
  return problems;
}
