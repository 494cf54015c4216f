// Why Mattermost refused a token, in words the person holding it can act on. Mattermost answers every
// refused token with the same 401 (`api.context.session_expired.app_error`; its own reason stays in
// its logs), so the bridge tells the cases apart from what it can see: the server's public switch for
// personal access tokens, and whether this bridge saw the token work before.

export type TokenRefusal = 'tokens_off' | 'no_longer_accepted' | 'not_accepted';

const NEW_TOKEN =
  'Create a new personal access token in Mattermost (Profile > Security > Personal Access Tokens) and connect with it.';

export const TOKEN_REFUSAL_MESSAGES: Record<TokenRefusal, string> = {
  tokens_off:
    'Mattermost refused the token because personal access tokens are turned off on this server. ' +
    'Ask your Mattermost system admin to enable personal access tokens (System Console > ' +
    'Integrations > Integration Management > Enable Personal Access Tokens), then connect again.',
  no_longer_accepted: `Mattermost no longer accepts this token: it was revoked or disabled, or it expired. ${NEW_TOKEN}`,
  not_accepted: `Mattermost does not accept this token: it is not a Mattermost token, or it was revoked or disabled, or it expired. ${NEW_TOKEN}`,
};

/**
 * The reason to give. `tokensEnabled` is the server's `EnableUserAccessTokens` as its public client
 * configuration says (undefined when it could not be read); `seenBefore`, whether the token worked
 * on this bridge before.
 */
export function tokenRefusal(
  tokensEnabled: boolean | undefined,
  seenBefore: boolean,
): TokenRefusal {
  if (tokensEnabled === false) return 'tokens_off';
  return seenBefore ? 'no_longer_accepted' : 'not_accepted';
}

/**
 * Mattermost refused MATTERMOST_BOT_TOKEN. A bot's tokens work even while personal access tokens are
 * off, so the only fix is a new token for the bot.
 */
export const BOT_TOKEN_REFUSED =
  'Mattermost does not accept MATTERMOST_BOT_TOKEN: it is not a token of an active bot, or it was revoked. ' +
  'Create a new token for the mcp-bridge bot (Integrations > Bot Accounts, or the ' +
  'plugin\'s "Create a bridge token") and set MATTERMOST_BOT_TOKEN to it.';
