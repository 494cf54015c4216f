import type { SimExtension } from './extensions.js';
import { faultsExtension } from './faults/extension.js';
import { filesExtension } from './files/extension.js';
import { remindersExtension } from './reminders/extension.js';
import { searchExtension } from './search/extension.js';
import { webhooksExtension } from './webhooks/extension.js';
import { websocketExtension } from './websocket/extension.js';

/**
 * The simulator's optional parts, in registration order. Each module exports one `SimExtension`;
 * add it here to plug it in.
 */
export const extensions: SimExtension[] = [
  faultsExtension,
  websocketExtension,
  webhooksExtension,
  searchExtension,
  filesExtension,
  remindersExtension,
];
