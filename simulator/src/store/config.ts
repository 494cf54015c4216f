// The server configuration (the subset the simulator acts on plus what clients commonly read), with
// the values of a fresh Mattermost (`model/config.go`, `SetDefaults`): what ships off stays off here.

import { randomBytes } from 'node:crypto';

export const SERVER_VERSION = '11.1.0';
export const BUILD_NUMBER = '11.1.0';

export function defaultConfig() {
  return {
    ServiceSettings: {
      SiteURL: '',
      ListenAddress: ':8065',
      EnableUserAccessTokens: false,
      EnableBotAccountCreation: false,
      EnableOAuthServiceProvider: false,
      EnableIncomingWebhooks: true,
      EnableOutgoingWebhooks: true,
      // Hosts, IPs or CIDRs on private networks that integrations may reach (space separated).
      AllowedUntrustedInternalConnections: '',
      EnablePostUsernameOverride: false,
      EnablePostIconOverride: false,
      EnableCommands: true,
      EnableLinkPreviews: false,
      EnableCustomEmoji: false,
      // Team members may invite people by email only once an admin turns this on.
      EnableEmailInvitations: false,
      EnableMultifactorAuthentication: false,
      SessionLengthWebInHours: 720,
      SessionLengthMobileInHours: 720,
      SessionLengthSSOInHours: 720,
      MaximumLoginAttempts: 10,
      EnableDeveloper: false,
      ExperimentalStrictCSRFEnforcement: false,
      CollapsedThreads: 'always_on',
      ThreadAutoFollow: true,
      PostEditTimeLimit: -1,
      AllowCorsFrom: '',
      EnableAPIChannelDeletion: false,
      EnableAPIUserDeletion: false,
      ScheduledPosts: true,
      MaximumPayloadSizeBytes: 300000,
    },
    TeamSettings: {
      SiteName: 'Mattermost',
      MaxUsersPerTeam: 500,
      EnableUserCreation: true,
      EnableOpenServer: false,
      RestrictCreationToDomains: '',
      TeammateNameDisplay: 'username',
      MaxChannelsPerTeam: 2000,
      MaxNotificationsPerChannel: 1000,
      EnableConfirmNotificationsToChannel: true,
      ExperimentalViewArchivedChannels: true,
    },
    EmailSettings: {
      EnableSignUpWithEmail: true,
      EnableSignInWithEmail: true,
      EnableSignInWithUsername: true,
      SendEmailNotifications: false,
      RequireEmailVerification: false,
      FeedbackName: '',
      FeedbackEmail: 'test@example.com',
    },
    RateLimitSettings: {
      Enable: false,
      PerSec: 10,
      MaxBurst: 100,
      MemoryStoreSize: 10000,
      VaryByRemoteAddr: true,
      VaryByUser: false,
      VaryByHeader: '',
    },
    // Secrets read back masked, as Mattermost's GET /config sanitises them.
    SqlSettings: {
      DriverName: 'postgres',
      DataSource: '********************************',
      MaxIdleConns: 20,
      MaxOpenConns: 300,
      QueryTimeout: 30,
    },
    PrivacySettings: { ShowEmailAddress: true, ShowFullName: true },
    FileSettings: {
      EnableFileAttachments: true,
      EnableMobileUpload: true,
      EnableMobileDownload: true,
      MaxFileSize: 104857600,
      DriverName: 'local',
      EnablePublicLink: false,
      // What public file links are signed with; a fresh server makes its own.
      PublicLinkSalt: randomBytes(24).toString('base64url'),
    },
    LogSettings: { EnableConsole: true, ConsoleLevel: 'INFO' },
    PasswordSettings: {
      MinimumLength: 8,
      Lowercase: false,
      Number: false,
      Uppercase: false,
      Symbol: false,
    },
    PluginSettings: {
      Enable: true,
      EnableUploads: true,
      Directory: './plugins',
      ClientDirectory: './client/plugins',
      Plugins: {} as Record<string, Record<string, unknown>>,
      PluginStates: {} as Record<string, { Enable: boolean }>,
    },
    ExperimentalSettings: { EnableSharedChannels: false },
    DisplaySettings: { CustomURLSchemes: [] as string[], MaxMarkdownNodes: 0 },
  };
}

export type ServerConfig = ReturnType<typeof defaultConfig>;

export type DeepPartial<T> = T extends (infer U)[]
  ? U[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges `patch` into `target` in place, object by object; arrays and scalars replace. */
export function deepMerge<T extends object>(target: T, patch: unknown): T {
  if (!isPlainObject(patch)) return target;
  const t = target as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    if (key === '__proto__' || key === 'constructor') continue;
    const current = t[key];
    if (isPlainObject(value) && isPlainObject(current)) deepMerge(current, value);
    else t[key] = structuredClone(value);
  }
  return target;
}

/** The public client configuration (`GET /config/client?format=old`): every value a string. */
export function clientConfig(config: ServerConfig, diagnosticId: string): Record<string, string> {
  const s = config.ServiceSettings;
  const b = (v: boolean) => (v ? 'true' : 'false');
  return {
    Version: SERVER_VERSION,
    BuildNumber: BUILD_NUMBER,
    BuildDate: '',
    BuildHash: 'simulator',
    BuildHashEnterprise: 'none',
    BuildEnterpriseReady: 'false',
    SiteURL: s.SiteURL,
    SiteName: config.TeamSettings.SiteName,
    DiagnosticId: diagnosticId,
    TelemetryId: diagnosticId,
    EnableUserAccessTokens: b(s.EnableUserAccessTokens),
    EnableBotAccountCreation: b(s.EnableBotAccountCreation),
    EnableOAuthServiceProvider: b(s.EnableOAuthServiceProvider),
    EnableIncomingWebhooks: b(s.EnableIncomingWebhooks),
    EnableOutgoingWebhooks: b(s.EnableOutgoingWebhooks),
    EnableCommands: b(s.EnableCommands),
    EnableLinkPreviews: b(s.EnableLinkPreviews),
    EnableCustomEmoji: b(s.EnableCustomEmoji),
    EnableEmailInvitations: b(s.EnableEmailInvitations),
    EnablePostUsernameOverride: b(s.EnablePostUsernameOverride),
    EnablePostIconOverride: b(s.EnablePostIconOverride),
    PostEditTimeLimit: String(s.PostEditTimeLimit),
    CollapsedThreads: s.CollapsedThreads,
    ScheduledPosts: b(s.ScheduledPosts),
    TeammateNameDisplay: config.TeamSettings.TeammateNameDisplay,
    EnableUserCreation: b(config.TeamSettings.EnableUserCreation),
    EnableOpenServer: b(config.TeamSettings.EnableOpenServer),
    ExperimentalViewArchivedChannels: b(config.TeamSettings.ExperimentalViewArchivedChannels),
    EnableSignUpWithEmail: b(config.EmailSettings.EnableSignUpWithEmail),
    EnableSignInWithEmail: b(config.EmailSettings.EnableSignInWithEmail),
    EnableSignInWithUsername: b(config.EmailSettings.EnableSignInWithUsername),
    EnableFileAttachments: b(config.FileSettings.EnableFileAttachments),
    MaxFileSize: String(config.FileSettings.MaxFileSize),
    ShowEmailAddress: b(config.PrivacySettings.ShowEmailAddress),
    ShowFullName: b(config.PrivacySettings.ShowFullName),
    PluginsEnabled: b(config.PluginSettings.Enable),
    IsDefaultMarketplace: 'true',
    FeatureFlagCollapsedThreads: 'true',
  };
}
