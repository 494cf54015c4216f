import type { SimContext } from '../context.js';
import { createSession, createUser } from '../services/users.js';
import type { SeedResult } from './types.js';

export const ADMIN_USERNAME = 'sysadmin';
export const ADMIN_PASSWORD = 'Sys@dmin-sample1';

/**
 * Creates the system admin `sysadmin`, signed in: its token is a login session, as `POST /users/login`
 * gives, so it works on a server whose personal access tokens are off (the default).
 */
export function seedAdmin(ctx: SimContext) {
  const user = createUser(ctx, {
    username: ADMIN_USERNAME,
    email: 'sysadmin@example.com',
    password: ADMIN_PASSWORD,
    first_name: 'Sys',
    last_name: 'Admin',
    roles: 'system_user system_admin',
  });
  const session = createSession(ctx, user.id, 'login');
  return { id: user.id, username: user.username, token: session.token };
}

/** The `empty` seed: only `sysadmin`. */
export function seedEmpty(ctx: SimContext): SeedResult {
  const admin = seedAdmin(ctx);
  return { admin, users: { [admin.username]: admin } };
}
