import {
  CLIENT_CAPABILITIES_META_KEY,
  isInputRequiredResult,
  McpServer,
  type ClientCapabilities,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { AuthenticatedUser } from '../gateway/types.js';
import type { UserGateway } from '../gateway/user-gateway.js';
import type { Logger } from '../observability/logger.js';
import type { AnyTool, ToolSettings } from '../tools/define.js';
import type { ChannelGuard } from '../policy/channel-guard.js';
import { guardSession } from '../policy/guarded-gateway.js';
import type { PolicyStore, SessionBinding } from '../policy/policy-store.js';
import { profilesExcludingTool, type SessionPolicy } from '../policy/policy-profiles.js';
import { progressReporter } from './progress.js';
import { enforceOutputBudget } from './output-budget.js';
import { compactToolListing, watchUnavailableCalls } from './compact-listing.js';
import type { ConfirmationSeal, ConfirmationTicket } from './confirmation.js';
import { mapProtocolErrors } from './protocol-errors.js';
import type { SessionStateStore } from './session-state.js';
import { boundEnableToolset, ENABLE_TOOLSET, type ToolsetEnabler } from './enable-toolset.js';
import { type Exclusion, type ToolAudience, type ToolCatalogue } from './tool-filter.js';
import { installTool, type SessionToolCall, type SessionToolHandle } from './session-tools.js';
import {
  composeMiddleware,
  invokeHandler,
  type CallClient,
  type NextFn,
  type ToolMiddleware,
} from './middleware/types.js';
import { ToolsetError } from '../errors.js';

/** Who a session acts for. One per MCP session (or the stdio connection); never shared. */
export interface SessionIdentity {
  user: AuthenticatedUser;
  mm: UserGateway;
  /** The session's Mattermost token, for what acts outside the gateway (the user's WebSocket). Never logged. */
  token: string;
  log: Logger;
  sessionId?: string;
  /** The server answers a single request and is dropped (the 2026-07-28 era). */
  perRequest?: boolean;
  /** Profiles and toolsets the client chose for this session (`/mcp?toolsets=`), already checked. */
  toolsets?: readonly string[];
  /** Only tools that read, whatever the policy allows (a read-only OAuth grant). */
  readOnly?: boolean;
  /** The bridge's OAuth client the person signed in through; none for a personal access token. */
  oauthClientId?: string;
  /**
   * Where the session's state is kept (see session-state.ts); undefined while it has none (a
   * 2025-era session before its id is known). Without it, state lives in this server alone.
   */
  stateKey?: () => string | undefined;
  /** Toolsets the session added earlier with enable_toolset, read from the state store. */
  enabledToolsets?: readonly string[];
  /** Told when enable_toolset changed the session's tools (the 2026 listen streams hear of it). */
  onToolsChanged?: () => void;
}

/**
 * Adds resources, prompts or anything else to a freshly built per-session server. May return a
 * cleanup that runs when the session closes.
 */
export type ServerExtension = (
  server: McpServer,
  session: GuardedSession,
) => void | (() => void | Promise<void>);

/**
 * A session as its extensions see it: `mm` is the gateway under the policy, and `guard` applies
 * the channel rules to what comes from elsewhere (live feeds, webhook deliveries, notifications).
 */
export interface GuardedSession extends SessionIdentity {
  guard: ChannelGuard;
}

export interface ToolRegistryOptions {
  name: string;
  version: string;
  instructions?: string;
  /** Every tool the bridge has (enable_toolset included); the builder decides what a session sees. */
  catalogue: ToolCatalogue;
  /** What a session starts with when its client chose nothing: profile and toolset names (BRIDGE_TOOLSETS). */
  selection: readonly string[];
  /** The policy in force: bounds of the catalogue, channel rules, message rules. */
  policy: PolicyStore;
  /** Steps around every call, outermost first (see mcp/middleware/). */
  middleware: readonly ToolMiddleware[];
  settings: ToolSettings;
  extensions?: readonly ServerExtension[];
  /**
   * `full` lists output schemas (and the SDK checks every result against them); `compact` leaves
   * them and repeated fields out of tools/list to save the model's tokens (BRIDGE_TOOL_LISTING).
   */
  listing?: 'compact' | 'full';
  /**
   * Told when a client calls a tool its session does not offer (a name it was never shown, or a tool
   * the policy hides): the SDK refuses it, this records the attempt (audit, metrics).
   */
  onUnavailableCall?: (attempt: UnavailableCall) => void;
  /** Runs when the bridge stops (closes the audit file). */
  onClose?: () => void;
  /** Seals and checks the tickets of confirmations (see confirmation.ts). */
  seal: ConfirmationSeal;
  /** Session state shared by the servers of one session (enable_toolset). */
  state?: SessionStateStore;
}

/** A call of a tool the session does not offer. */
export interface UnavailableCall {
  user: AuthenticatedUser;
  tool: string;
  /** Why it is not offered; `unknown` when no such tool exists. */
  reason: Exclusion | 'unknown';
  /** The policy profiles that keep the tool from the session, if profiles do. */
  profiles: readonly string[];
  client?: string;
}

export interface SessionServer {
  server: McpServer;
  /** Closes the server and runs the extensions' cleanups. */
  close(): Promise<void>;
  /** Names of the tools the session lists now. */
  visibleTools(): string[];
}

/**
 * The client behind a call. Its capabilities are those of its `initialize` (2025 era) or those
 * this very request declares (2026-07-28, where the SDK fills them in from the request).
 */
function clientOf(server: McpServer, mcpCtx: ServerContext, seal: ConfirmationSeal): CallClient {
  const envelope = mcpCtx.mcpReq.envelope as Record<string, unknown> | undefined;
  const declared = envelope?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined;
  const capabilities = declared ?? server.server.getClientCapabilities();
  const ticket = mcpCtx.mcpReq.requestState<ConfirmationTicket>();
  return {
    name: server.server.getClientVersion()?.name,
    canElicit: !!capabilities?.elicitation,
    confirmation: {
      responses: mcpCtx.mcpReq.inputResponses,
      ...(ticket && typeof ticket === 'object' ? { ticket } : {}),
    },
    seal: (t) => seal.seal(t, mcpCtx),
  };
}

/**
 * Builds one McpServer per session. A tool is registered when it first becomes visible to the
 * session; the builder (ToolCatalogue) decides which are enabled, and a disabled or unregistered
 * tool is neither listed nor callable. enable_toolset and policy changes re-run the builder and tell the client with
 * `notifications/tools/list_changed`. Each handler is wrapped once by the middleware chain.
 */
export class ToolRegistry {
  private readonly chain: NextFn;
  private readonly defaultSelection: ReadonlySet<string>;

  constructor(private readonly options: ToolRegistryOptions) {
    this.chain = composeMiddleware(options.middleware, invokeHandler);
    this.defaultSelection = options.catalogue.expand(options.selection, 'BRIDGE_TOOLSETS');
  }

  /** Releases what the registry holds for all sessions; call once, when the bridge stops. */
  close(): void {
    this.options.onClose?.();
  }

  get catalogue(): ToolCatalogue {
    return this.options.catalogue;
  }

  /** Every tool of the catalogue. */
  get tools(): readonly AnyTool[] {
    return this.options.catalogue.tools;
  }

  /**
   * Checks a client's own choice of profiles and toolsets (`/mcp?toolsets=`): names must exist
   * and lie within the allowed toolsets. Throws ToolsetError with a message for the client.
   */
  checkSelection(names: readonly string[], audience: ToolAudience): void {
    const { catalogue, policy } = this.options;
    catalogue.expand(names, 'toolsets');
    const allowed = policy.current.allowedToolsets;
    const outside = names.filter(
      (name) => allowed && catalogue.toolsets.includes(name) && !allowed.includes(name),
    );
    if (outside.length) {
      throw new ToolsetError(
        `toolsets: ${outside.join(', ')} not allowed on this bridge. Allowed: ${allowed?.join(', ')}.`,
      );
    }
    // A toolset named on its own whose every tool the catalogue keeps from this user (admin for
    // someone who is no system admin) is refused rather than leaving the session quietly without
    // what it asked for.
    const adminOnly = names.filter((name) => {
      const tools = catalogue.tools.filter((tool) => tool.toolset === name);
      return (
        tools.length > 0 &&
        tools.every(
          (tool) => catalogue.exclusion(tool, { readOnly: false }, audience) === 'admin_only',
        )
      );
    });
    if (adminOnly.length) {
      throw new ToolsetError(
        `toolsets: ${adminOnly.join(', ')} holds tools for system admins only, and this account is not one.`,
      );
    }
  }

  /** The policy binding a session: the global one narrowed by its profiles (PolicyStore.bindSession). */
  sessionPolicy(session: SessionBinding): () => SessionPolicy {
    return this.options.policy.bindSession(session);
  }

  /** A user's gateway under a session's policy, and the guard of its channel rules. */
  guarded(
    raw: UserGateway,
    sessionPolicy = this.options.policy.bindSession(undefined),
    clientName: () => string | undefined = () => undefined,
  ): { mm: UserGateway; guard: ChannelGuard } {
    return guardSession(raw, sessionPolicy, clientName);
  }

  buildServer(session: SessionIdentity): SessionServer {
    const { catalogue, policy } = this.options;
    const server = new McpServer(
      { name: this.options.name, version: this.options.version },
      {
        instructions: this.options.instructions,
        capabilities: { tools: { listChanged: true } },
        requestState: { verify: this.options.seal.verifierFor(session.user.id) },
      },
    );
    const audience = { isSystemAdmin: session.user.isSystemAdmin };
    // The policy as it binds this session: its profiles and a read-only grant narrow it, never widen it.
    const bounds = this.sessionPolicy(session);
    const { mm, guard } = this.guarded(
      session.mm,
      bounds,
      () => server.server.getClientVersion()?.name,
    );
    const guarded: GuardedSession = { ...session, mm, guard };
    const selected = new Set(
      session.toolsets ? catalogue.expand(session.toolsets) : this.defaultSelection,
    );
    selected.add(ENABLE_TOOLSET);
    const addToolset = (toolset: string) => {
      for (const tool of catalogue.tools) if (tool.toolset === toolset) selected.add(tool.name);
    };
    for (const toolset of session.enabledToolsets ?? []) addToolset(toolset);

    const handles = new Map<string, SessionToolHandle>();
    /**
     * Enables exactly the tools the builder allows now, registering those the session has not shown
     * before; true when anything changed. A session holds the tools it has listed, not the whole
     * catalogue, each a small record over the tool's shared one (session-tools.ts).
     */
    const apply = (): boolean => {
      const visible = catalogue.select(selected, bounds(), audience);
      const names = new Set(visible.map((t) => t.name));
      let changed = false;
      for (const tool of visible) {
        if (handles.has(tool.name)) continue;
        handles.set(tool.name, register(tool));
        changed = true;
      }
      for (const [name, handle] of handles) {
        const enabled = names.has(name);
        if (handle.enabled !== enabled) {
          handle.enabled = enabled;
          changed = true;
        }
      }
      return changed;
    };

    const enabler: ToolsetEnabler = {
      enable: async (toolset) => {
        const allowed = catalogue.enableable(bounds(), audience);
        if (!allowed.includes(toolset)) return { added: [], allowed };
        const before = new Set([...handles].filter(([, h]) => h.enabled).map(([name]) => name));
        addToolset(toolset);
        apply();
        const key = session.stateKey?.();
        // Kept for the session, so the next request's server (or another bridge) offers them too.
        if (key && this.options.state) await this.options.state.addToolsets(key, [toolset]);
        const added = [...handles]
          .filter(([name, h]) => h.enabled && !before.has(name))
          .map(([name]) => name);
        if (added.length) session.onToolsChanged?.();
        return { added, allowed };
      },
    };

    /** enable_toolset bound to this session, made when first called. */
    let boundEnabler: AnyTool | undefined;
    /** One call of a tool in this session: through the middleware chain, as this user. */
    const call: SessionToolCall = async (listed, args, mcpCtx) => {
      const tool =
        listed.name === ENABLE_TOOLSET ? (boundEnabler ??= boundEnableToolset(enabler)) : listed;
      const result = await this.chain({
        tool,
        args,
        ctx: {
          user: session.user,
          mm,
          log: session.log,
          signal: mcpCtx.mcpReq.signal,
          settings: this.options.settings,
          ...(session.readOnly ? { readOnly: true } : {}),
          correlationId: '',
          progress: progressReporter(mcpCtx),
        },
        client: clientOf(server, mcpCtx, this.options.seal),
        policy: bounds,
        facts: {},
      });
      // A toolset enabled by this call: tell the client on this request's own stream, which is
      // open for sure (the standalone GET stream may not be).
      if (isInputRequiredResult(result)) return result;
      if (tool.name === ENABLE_TOOLSET && !result.isError) {
        await mcpCtx.mcpReq
          .notify({ method: 'notifications/tools/list_changed' })
          .catch(() => undefined);
      }
      return result;
    };
    const register = (tool: AnyTool): SessionToolHandle =>
      installTool(server, tool, this.options.listing ?? 'compact', call);
    apply();
    if (this.options.listing !== 'full') compactToolListing(server);
    watchUnavailableCalls(server, (name) => {
      if (handles.get(name)?.enabled) return;
      const tool = catalogue.get(name);
      const reason = tool
        ? (catalogue.exclusion(tool, bounds(), audience) ?? 'not_selected')
        : 'unknown';
      this.options.onUnavailableCall?.({
        user: session.user,
        tool: name,
        reason,
        profiles: tool ? profilesExcludingTool(bounds().profiles, tool, reason) : [],
        client: server.server.getClientVersion()?.name,
      });
    });

    // An admin changed the policy (System Console): re-apply it to this open session.
    const onPolicy = () => {
      if (apply()) server.sendToolListChanged();
    };
    // A per-request server (2026-07-28 era) lives for one request and is never closed: it takes the
    // policy as it is and does not listen, or its listener would outlive it.
    if (!session.perRequest) policy.on('change', onPolicy);

    const cleanups = (this.options.extensions ?? []).map((extend) => extend(server, guarded));
    mapProtocolErrors(server, session.log);
    enforceOutputBudget(server, this.options.settings.maxOutputChars);
    let closed = false;
    return {
      server,
      visibleTools: () => [...handles].filter(([, h]) => h.enabled).map(([name]) => name),
      close: async () => {
        if (closed) return;
        closed = true;
        policy.off('change', onPolicy);
        for (const cleanup of cleanups) {
          try {
            await cleanup?.();
          } catch (err) {
            session.log.warn({ err }, 'a session extension failed to clean up');
          }
        }
        await server.close();
      },
    };
  }
}
