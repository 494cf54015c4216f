import { UserSocket, type SocketEvent } from '../events/user-socket.js';
import type { Gateway } from '../gateway/types.js';
import type { UserGateway } from '../gateway/user-gateway.js';
import type { Logger } from '../observability/logger.js';
import type { PolicyStore } from '../policy/policy-store.js';
import {
  advertisableUrl,
  pluginSettingsFromPreferences,
  profilesFromPreferences,
  SETTINGS_CATEGORY,
} from './parse.js';
import { MattermostError, UnauthorizedError } from '../errors.js';
import { BOT_TOKEN_REFUSED } from '../gateway/token-refusal.js';

export interface PluginSettingsOptions {
  mattermostUrl: string;
  botToken: string;
  version: string;
  /** How often the settings are read again (the fallback when no preferences event arrives). */
  pollMs: number;
  /** Follow `preferences_changed` on the bot's WebSocket. */
  websocket: boolean;
  reconnectMs: number;
  /** Called with Mattermost's site URL, so the plugin's pages may read /health from there. */
  onSiteUrl?: (url: string) => void;
}

/** Bot profile props the plugin and users read to find the bridge (CONTRACTS.md). */
export const ADVERTISED_URL_PROP = 'mcp_bridge_url';
export const ADVERTISED_VERSION_PROP = 'mcp_bridge_version';

/**
 * The bridge's side of the plugin, through its bot account (`mcp-bridge`), an ordinary bot: reads
 * the settings the plugin's System Console page saved into the bot's own preferences (category
 * `mcp_bridge_settings`), applies them to the policy, reads them again when the bot's WebSocket
 * says its preferences changed (and every `pollMs` in case an event was missed), and advertises
 * the bridge's public URL and version on the bot's profile props. Every call is one any user may
 * make about themself: no admin role, no `GET /api/v4/config`. Nothing here is fatal: without the
 * settings the environment's policy holds.
 */
export class PluginSettingsService {
  private bot?: UserGateway;
  private socket?: UserSocket;
  private timer?: NodeJS.Timeout;
  private loading?: Promise<void>;
  private stopped = false;
  private warned = false;
  private siteUrlKnown = false;
  /** BRIDGE_PUBLIC_URL, when set: it wins over the plugin's Bridge URL. */
  private configuredUrl?: string;
  /** Set once the bridge listens and asks to be advertised; settings changes then re-advertise. */
  private advertising = false;
  private advertised?: string;
  private silentReason?: string;
  /** When the settings were last read, for /health and tests. */
  loadedAt?: number;
  loads = 0;

  constructor(
    private readonly gateway: Gateway,
    private readonly policy: PolicyStore,
    private readonly log: Logger,
    private readonly options: PluginSettingsOptions,
  ) {}

  /** Verifies the bot token and reads the settings once; never throws. */
  async start(): Promise<void> {
    try {
      const user = await this.gateway.verifyToken(this.options.botToken);
      this.bot = this.gateway.forUser(user, this.options.botToken);
    } catch (err) {
      // A refused token's message speaks to a person and their own tokens; the bot's is made elsewhere.
      const reason = err instanceof UnauthorizedError ? BOT_TOKEN_REFUSED : (err as Error).message;
      this.log.warn(
        { err: reason },
        'the bot token could not be verified; plugin settings are not read',
      );
    }
    await this.reload();
    this.timer = setInterval(() => void this.reload(), this.options.pollMs);
    this.timer.unref();
    if (this.options.websocket && this.bot) this.follow();
  }

  private follow(): void {
    this.socket = new UserSocket({
      mattermostUrl: this.options.mattermostUrl,
      token: this.options.botToken,
      reconnect: {
        firstMs: Math.min(500, this.options.reconnectMs),
        minMs: this.options.reconnectMs,
        maxMs: 300_000,
        jitterMs: 1000,
        maxFails: 7,
      },
    });
    this.socket.on('event', (event: SocketEvent) => {
      // Mattermost tells a user (here the bot) when someone changes their preferences.
      if (event.event === 'preferences_changed' || event.event === 'preferences_deleted')
        void this.reload();
    });
    // After a reconnect with a new connection id, events may be lost: read again.
    this.socket.on('missed', () => void this.reload());
    // Open but serving nothing (the bot's token revoked, say): a new socket after a pause, and
    // the periodic reload keeps the settings current meanwhile.
    const socket = this.socket;
    socket.on('silent', () => {
      socket.stop();
      const retry = setTimeout(() => {
        if (!this.stopped && this.socket === socket) this.follow();
      }, this.options.reconnectMs * 10);
      retry.unref();
    });
    this.socket.start();
  }

  /** Reads the settings now and applies them; concurrent calls share one read. */
  reload(): Promise<void> {
    this.loading ??= this.read().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async read(): Promise<void> {
    if (!this.bot || this.stopped) return;
    try {
      const preferences = await this.bot.getMyPreferences(SETTINGS_CATEGORY);
      const settings = pluginSettingsFromPreferences(preferences);
      const { problems } = profilesFromPreferences(preferences);
      if (problems.length && settings) {
        // A profile that does not parse must not lift its restrictions: keep the last ones read.
        settings.profiles = this.policy.pluginSettings?.profiles;
        this.log.warn(
          { problems },
          'policy profiles from the System Console could not be read; keeping the previous ones',
        );
      }
      const changed = this.policy.setPluginSettings(settings);
      this.loadedAt = Date.now();
      this.loads += 1;
      this.warned = false;
      if (changed) this.log.info({ settings }, 'System Console settings applied');
      // The Bridge URL is not part of the policy: compare what is advertised with what should be.
      if (this.advertising && this.advertised !== this.target())
        await this.advertise(this.configuredUrl);
      if (!this.siteUrlKnown) await this.readSiteUrl();
    } catch (err) {
      // Log a lasting failure once, not at every poll.
      if (!this.warned) {
        this.warned = true;
        const status = err instanceof MattermostError ? err.status : undefined;
        this.log.warn(
          { status, err: (err as Error).message },
          'could not read the plugin settings from the bot’s preferences; keeping the last ones',
        );
      }
    }
  }

  /** Mattermost's site URL from the client configuration, which every user may read. */
  private async readSiteUrl(): Promise<void> {
    const site = (await this.bot!.getClientConfig()).SiteURL?.trim().replace(/\/+$/, '');
    this.siteUrlKnown = true;
    if (site) this.options.onSiteUrl?.(site);
  }

  /** The URL to advertise: BRIDGE_PUBLIC_URL, else the Bridge URL saved in the plugin, else none. */
  private target(): string | undefined {
    return this.configuredUrl ?? advertisableUrl(this.policy.pluginSettings?.bridgeurl);
  }

  /**
   * Puts the bridge's public URL and version on the bot's profile props (read by every user with
   * `GET /users/username/mcp-bridge`). Other props are kept: a patch replaces them all. The URL is
   * BRIDGE_PUBLIC_URL or the plugin's saved Bridge URL, never the address the bridge listens on:
   * that is often a loopback or private address users cannot reach. With neither, nothing is
   * advertised and the log says why.
   */
  async advertise(publicUrl: string | undefined): Promise<boolean> {
    this.configuredUrl = advertisableUrl(publicUrl);
    this.advertising = true;
    if (!this.bot) return false;
    const url = this.target();
    if (!url) {
      const reason =
        'not advertising the bridge to users: BRIDGE_PUBLIC_URL is unset and the plugin has no Bridge URL saved';
      if (this.silentReason !== reason) this.log.warn(reason);
      this.silentReason = reason;
      return false;
    }
    this.silentReason = undefined;
    try {
      const me = await this.bot.getMe();
      const props = { ...((me.props as Record<string, string> | undefined) ?? {}) };
      const configured = this.policy.pluginSettings?.bridgeurl;
      if (this.configuredUrl && configured && advertisableUrl(configured) !== this.configuredUrl) {
        this.log.warn(
          { configured, public_url: this.configuredUrl },
          'the plugin’s Bridge URL differs from BRIDGE_PUBLIC_URL; assistants may be told the wrong address',
        );
      }
      this.advertised = url;
      if (
        props[ADVERTISED_URL_PROP] === url &&
        props[ADVERTISED_VERSION_PROP] === this.options.version
      )
        return true;
      props[ADVERTISED_URL_PROP] = url;
      props[ADVERTISED_VERSION_PROP] = this.options.version;
      await this.bot.patchMe({ props });
      this.log.info({ public_url: url }, 'bridge advertised on its bot profile');
      return true;
    } catch (err) {
      this.advertised = undefined;
      this.log.warn(
        { err: (err as Error).message },
        'could not advertise the bridge on its bot profile',
      );
      return false;
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.socket?.stop();
  }
}
