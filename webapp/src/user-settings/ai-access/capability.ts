// Whether the signed-in user may create a personal access token, worked out before offering it, as
// Mattermost's own Security tab does: the client configuration's EnableUserAccessTokens, and the
// create_user_access_token permission among the roles the page's store holds for the user. When the
// user may not, one sentence says what a system admin must change.
import type { Store } from '../../types/mattermost-webapp';

interface PageState {
  entities?: {
    general?: { config?: Record<string, string | undefined> };
    users?: { currentUserId?: string; profiles?: Record<string, { roles?: string } | undefined> };
    roles?: { roles?: Record<string, { permissions?: string[] } | undefined> };
  };
}

export type TokenCapability =
  { kind: 'unknown' } | { kind: 'allowed' } | { kind: 'refused'; adminMustChange: string };

const TOKENS_ON =
  'turn on personal access tokens (System Console > Integrations > Integration Management > Enable Personal Access Tokens)';
const ROLE =
  'allow your account to create them (System Console > User Management > Users > your account > Manage Roles)';

export function tokenCapability(store: Store | undefined): TokenCapability {
  const state = store?.getState() as PageState | undefined;
  const config = state?.entities?.general?.config;
  const userId = state?.entities?.users?.currentUserId;
  const user = userId ? state?.entities?.users?.profiles?.[userId] : undefined;
  if (!config || !user?.roles) return { kind: 'unknown' };
  const tokensOn = config.EnableUserAccessTokens === 'true';
  const roles = user.roles.split(/\s+/).filter(Boolean);
  const loaded = state?.entities?.roles?.roles ?? {};
  const permitted = roles.some((role) =>
    loaded[role]
      ? role === 'system_admin' || loaded[role]?.permissions?.includes('create_user_access_token')
      : role === 'system_admin' || role === 'system_user_access_token',
  );
  if (tokensOn && permitted) return { kind: 'allowed' };
  const changes = [tokensOn ? undefined : TOKENS_ON, permitted ? undefined : ROLE].filter(Boolean);
  return {
    kind: 'refused',
    adminMustChange: `To connect an assistant with a token, a system admin must ${changes.join(' and ')}.`,
  };
}
