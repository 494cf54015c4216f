/** The bridge as a library: start it in-process (tests, benchmarks) or reuse its parts. */
export {
  startBridge,
  buildRegistry,
  buildMiddleware,
  gatewaySettings,
  type BridgeOptions,
  type RunningBridge,
} from './bridge.js';
export { startStdioBridge, type RunningStdioBridge } from './transports/stdio.js';
export { loadConfig, configSchema, type BridgeConfig } from './config.js';
export { describeConfig } from './config-help.js';
export { MattermostGateway, tokenKey } from './gateway/gateway.js';
export { MemoryOAuthStore, type OAuthStore, type RecordKind } from './oauth/store.js';
export type { UserGateway, NewPost } from './gateway/user-gateway.js';
export * from './gateway/types.js';
export * from './errors.js';
export { ToolRegistry, type ServerExtension, type SessionIdentity } from './mcp/registry.js';
export type { ToolMiddleware, ToolCall, NextFn } from './mcp/middleware/types.js';
export { allTools } from './tools/index.js';
export { defineTool, type AnyTool, type ToolContext, type ToolKind } from './tools/define.js';
export type { Authenticator, Principal } from './auth/authenticator.js';
export { BRIDGE_VERSION } from './version.js';
