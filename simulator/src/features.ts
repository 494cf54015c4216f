// The features a fresh Mattermost ships with off, named as an admin knows them, and the configuration
// patch that turns them on. Tests and benchmarks turn on what they need through the REST API
// (`PUT /api/v4/config/patch`) exactly as an admin would; the simulator itself starts at the defaults.
import type { DeepPartial, ServerConfig } from './store/config.js';

export interface Features {
  /** `ServiceSettings.EnableUserAccessTokens`: personal access tokens of people (bots always work). */
  personalAccessTokens?: boolean;
  /** `ServiceSettings.EnableBotAccountCreation`: `POST /bots`. */
  botAccounts?: boolean;
  /** `ServiceSettings.EnableOAuthServiceProvider`: Mattermost as an OAuth 2.0 provider. */
  oauthProvider?: boolean;
  /**
   * `ServiceSettings.AllowedUntrustedInternalConnections`: private hosts integrations may call, such
   * as a bridge on 127.0.0.1 receiving outgoing webhooks.
   */
  untrustedInternalConnections?: string;
  /** `ServiceSettings.EnableEmailInvitations`: team members invite people by email. */
  emailInvitations?: boolean;
  /** `FileSettings.EnablePublicLink`: public links to files (`GET /files/{id}/link`). */
  publicFileLinks?: boolean;
  /** `RateLimitSettings`, merged over the current ones. */
  rateLimit?: DeepPartial<ServerConfig['RateLimitSettings']>;
}

/** What the shared test helpers turn on, so tests written before the defaults keep their meaning. */
export const TEST_FEATURES: Features = {
  personalAccessTokens: true,
  botAccounts: true,
  oauthProvider: true,
  // The bridges under test listen on 127.0.0.1, where Mattermost delivers webhooks only when allowed.
  untrustedInternalConnections: '127.0.0.1',
};

/** The configuration patch that sets `features`; features left out are left as they are. */
export function featureConfig(features: Features): DeepPartial<ServerConfig> {
  const service: DeepPartial<ServerConfig['ServiceSettings']> = {};
  if (features.personalAccessTokens !== undefined)
    service.EnableUserAccessTokens = features.personalAccessTokens;
  if (features.botAccounts !== undefined) service.EnableBotAccountCreation = features.botAccounts;
  if (features.oauthProvider !== undefined)
    service.EnableOAuthServiceProvider = features.oauthProvider;
  if (features.emailInvitations !== undefined)
    service.EnableEmailInvitations = features.emailInvitations;
  if (features.untrustedInternalConnections !== undefined)
    service.AllowedUntrustedInternalConnections = features.untrustedInternalConnections;
  return {
    ServiceSettings: service,
    ...(features.publicFileLinks !== undefined
      ? { FileSettings: { EnablePublicLink: features.publicFileLinks } }
      : {}),
    ...(features.rateLimit ? { RateLimitSettings: features.rateLimit } : {}),
  };
}

/** Anything that can patch the server's configuration as an admin: the official Client4 can. */
export interface ConfigPatcher {
  patchConfig(patch: never): Promise<unknown>;
}

/** Turns `features` on (or off) through `PUT /api/v4/config/patch`, acting as the admin behind `admin`. */
export async function enableFeatures(admin: ConfigPatcher, features: Features): Promise<void> {
  await admin.patchConfig(featureConfig(features) as never);
}
