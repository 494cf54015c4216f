import { UserSocket, type SocketEvent } from '../events/user-socket.js';
import type { Gateway } from '../gateway/types.js';
import { MattermostError } from '../gateway/types.js';
import type { UserGateway } from '../gateway/user-gateway.js';
import type { Logger } from '../observability/logger.js';
import type { PolicyStore } from '../policy/policy-store.js';
import { policyEntries, unknownChannelEntries } from './check-entries.js';
import { PLUGIN_ID, pluginSettingsFromConfig, siteUrlFromConfig } from './parse.js';

export interface PluginSettingsOptions {
  mattermostUrl: string;
  botToken: string;
  version: string;
  /** How often the settings are read again (the fallback when no config_changed event arrives). */
  pollMs: number;
  /** Follow `config_changed` on the bot's WebSocket. */
  websocket: boolean;
  reconnectMs: number;
  /** Called with Mattermost's site URL, so the plugin's pages may read /health from there. */
  onSiteUrl?: (url: string) => void;
}

/** Bot profile props the plugin and users read to find the bridge (CONTRACTS.md). */
export const ADVERTISED_URL_PROP = 'mcp_bridge_url';
export const ADVERTISED_VERSION_PROP = 'mcp_bridge_version';

/**
 * The bridge's side of the plugin, through its bot account (`mcp-bridge`) and the gateway: reads
 * the System Console settings (`GET /api/v4/config`, which needs the bot to be a system admin),
 * applies them to the policy, reads them again when the bot's WebSocket says `config_changed` (and
 * every `pollMs` in case an event was missed), and advertises the bridge's URL and version on the
 * bot's profile props. Nothing here is fatal: without the settings the environment's policy holds.
 */
export class PluginSettingsService {
  private bot?: UserGateway;
  private socket?: UserSocket;
  private timer?: NodeJS.Timeout;
  private loading?: Promise<void>;
  private stopped = false;
  private warned = false;
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
      this.log.warn(
        { err: (err as Error).message },
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
      reconnect: { minMs: this.options.reconnectMs, maxMs: 300_000, jitterMs: 1000, maxFails: 7 },
    });
    this.socket.on('event', (event: SocketEvent) => {
      if (event.event === 'config_changed' || event.event === 'plugin_statuses_changed')
        void this.reload();
    });
    // After a reconnect with a new connection id, events may be lost: read again.
    this.socket.on('missed', () => void this.reload());
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
      const config = await this.bot.getConfig();
      const settings = pluginSettingsFromConfig(config);
      const changed = this.policy.setPluginSettings(settings);
      this.loadedAt = Date.now();
      this.loads += 1;
      this.warned = false;
      if (changed)
        this.log.info({ plugin: PLUGIN_ID, settings }, 'System Console settings applied');
      if (changed || this.loads === 1) {
        const unknown = await unknownChannelEntries(this.bot, policyEntries(this.policy.current));
        if (unknown.length) {
          this.log.warn(
            { entries: unknown },
            'channel allow/deny entries that name no channel or user Mattermost knows (check for typos)',
          );
        }
      }
      const site = siteUrlFromConfig(config);
      if (site) this.options.onSiteUrl?.(site);
    } catch (err) {
      // Log a lasting failure once, not at every poll.
      if (!this.warned) {
        this.warned = true;
        const status = err instanceof MattermostError ? err.status : undefined;
        this.log.warn(
          { status, err: (err as Error).message },
          status === 403
            ? 'the bot may not read the server configuration (give it the System Admin role); plugin settings are not applied'
            : 'could not read the plugin settings; keeping the last ones',
        );
      }
    }
  }

  /**
   * Puts the bridge's public URL and version on the bot's profile props (read by every user with
   * `GET /users/username/mcp-bridge`). Other props are kept: a patch replaces them all.
   */
  async advertise(publicUrl: string): Promise<boolean> {
    if (!this.bot) return false;
    try {
      const me = await this.bot.getMe();
      const props = { ...((me.props as Record<string, string> | undefined) ?? {}) };
      if (
        props[ADVERTISED_URL_PROP] === publicUrl &&
        props[ADVERTISED_VERSION_PROP] === this.options.version
      )
        return true;
      props[ADVERTISED_URL_PROP] = publicUrl;
      props[ADVERTISED_VERSION_PROP] = this.options.version;
      await this.bot.patchMe({ props });
      const configured = this.policy.pluginSettings?.bridgeurl;
      if (configured && configured.replace(/\/+$/, '') !== publicUrl) {
        this.log.warn(
          { configured, public_url: publicUrl },
          'the plugin’s Bridge URL differs from BRIDGE_PUBLIC_URL; assistants may be told the wrong address',
        );
      }
      this.log.info({ public_url: publicUrl }, 'bridge advertised on its bot profile');
      return true;
    } catch (err) {
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
