export { startSimulator } from './server.js';
export type { Simulator, SimUser, StartOptions } from './server.js';
export type { SimContext, SimControl, FaultSettings } from './context.js';
export type { SimExtension, ExtensionHandle } from './extensions.js';
export type { ServerConfig, DeepPartial } from './store/config.js';
export { EventBus } from './events.js';
export type { ServerEvent, Broadcast } from './events.js';
export { ADMIN_PASSWORD } from './seeds/empty.js';
