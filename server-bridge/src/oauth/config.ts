import { z } from 'zod';

const positiveInt = z.coerce.number().int().min(1);

/**
 * The authorization server's settings, part of the bridge's one configuration schema. OAuth is on
 * when both Mattermost OAuth app credentials are set; one without the other is refused at start
 * (`config-rules.ts`).
 */
export const oauthConfigShape = {
  MATTERMOST_OAUTH_CLIENT_ID: z
    .string()
    .min(1)
    .optional()
    .describe(
      "Client id of the bridge's OAuth app in Mattermost (callback <BRIDGE_PUBLIC_URL>/oauth/callback); " +
        'with the secret, assistants sign in with Mattermost instead of sending a token.',
    ),
  MATTERMOST_OAUTH_CLIENT_SECRET: z
    .string()
    .min(1)
    .optional()
    .describe("Client secret of the bridge's OAuth app in Mattermost.")
    .meta({ secret: true }),
  BRIDGE_OAUTH_KEY: z
    .string()
    .min(32)
    .optional()
    .describe(
      'Key (32 characters or more) that encrypts stored OAuth grants and clients; without it a random ' +
        'key per process, and grants do not survive a restart.',
    )
    .meta({ secret: true }),
  BRIDGE_OAUTH_ACCESS_TOKEN_TTL_S: positiveInt
    .max(86_400)
    .default(3600)
    .describe("Lifetime of the bridge's OAuth access tokens, in seconds."),
  BRIDGE_OAUTH_REFRESH_TOKEN_TTL_DAYS: positiveInt
    .max(365)
    .default(30)
    .describe('Lifetime of an unused OAuth refresh token, in days (each use issues a new one).'),
  BRIDGE_OAUTH_GRANT_CHECK_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(30_000)
    .describe(
      'How long a grant is trusted before the bridge checks again that the person did not disconnect it.',
    ),
  BRIDGE_OAUTH_MAX_RECORDS: positiveInt
    .default(50_000)
    .describe('Most OAuth records of each kind (clients, grants, tokens) kept in memory.'),
  BRIDGE_OAUTH_ALLOW_INSECURE_METADATA_URLS: z
    .stringbool()
    .default(false)
    .describe(
      'Testing only: accept http and private or loopback addresses for client metadata documents.',
    ),
};

export interface OAuthSettings {
  mattermostUrl: string;
  clientId: string;
  clientSecret: string;
  key?: string;
  accessTokenTtlMs: number;
  refreshTokenTtlMs: number;
  grantCheckMs: number;
  maxRecords: number;
  allowInsecureMetadataUrls: boolean;
}

type OAuthConfig = { MATTERMOST_URL: string } & z.infer<z.ZodObject<typeof oauthConfigShape>>;

/** The settings when OAuth is configured; undefined without the Mattermost app's credentials. */
export function oauthSettings(config: OAuthConfig): OAuthSettings | undefined {
  if (!config.MATTERMOST_OAUTH_CLIENT_ID || !config.MATTERMOST_OAUTH_CLIENT_SECRET)
    return undefined;
  return {
    mattermostUrl: config.MATTERMOST_URL,
    clientId: config.MATTERMOST_OAUTH_CLIENT_ID,
    clientSecret: config.MATTERMOST_OAUTH_CLIENT_SECRET,
    ...(config.BRIDGE_OAUTH_KEY ? { key: config.BRIDGE_OAUTH_KEY } : {}),
    accessTokenTtlMs: config.BRIDGE_OAUTH_ACCESS_TOKEN_TTL_S * 1000,
    refreshTokenTtlMs: config.BRIDGE_OAUTH_REFRESH_TOKEN_TTL_DAYS * 86_400_000,
    grantCheckMs: config.BRIDGE_OAUTH_GRANT_CHECK_MS,
    maxRecords: config.BRIDGE_OAUTH_MAX_RECORDS,
    allowInsecureMetadataUrls: config.BRIDGE_OAUTH_ALLOW_INSECURE_METADATA_URLS,
  };
}
