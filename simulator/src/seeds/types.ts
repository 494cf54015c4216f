import type { SimUser } from '../server.js';

export interface SeedResult {
  admin: SimUser;
  users: Record<string, SimUser>;
  /** The ordinary user the CLI names as `demo_user` (demo seed only). */
  demoUser?: SimUser;
}
