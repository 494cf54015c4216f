import type { SimContext } from '../context.js';
import { createAccessToken, createUser } from '../services/users.js';
import type { SeedResult } from './types.js';

export const ADMIN_USERNAME = 'sysadmin';
export const ADMIN_PASSWORD = 'Sys@dmin-sample1';

/** Creates the system admin `sysadmin` with a personal access token. */
export function seedAdmin(ctx: SimContext) {
  const user = createUser(ctx, {
    username: ADMIN_USERNAME,
    email: 'sysadmin@example.com',
    password: ADMIN_PASSWORD,
    first_name: 'Sys',
    last_name: 'Admin',
    roles: 'system_user system_admin',
  });
  const token = createAccessToken(ctx, user.id, 'simulator admin token');
  return { id: user.id, username: user.username, token: token.token };
}

/** The `empty` seed: only `sysadmin`. */
export function seedEmpty(ctx: SimContext): SeedResult {
  const admin = seedAdmin(ctx);
  return { admin, users: { [admin.username]: admin } };
}
