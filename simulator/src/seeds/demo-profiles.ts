import type { SimContext } from '../context.js';
import { createProfileField } from '../routes/profile-attributes.js';
import type { Channel } from '../store/types.js';
import { newId } from '../ids.js';

// The demo's custom profile attributes (read once an Enterprise licence is installed) and a custom
// sidebar category of alice's.

/** Department, location and manager of each demo person, by username. */
const PROFILES: Record<string, [department: string, location: string, manager: string]> = {
  alice: ['Product', 'London', 'grace'],
  bob: ['Engineering', 'Berlin', 'alice'],
  carol: ['Design', 'Lisbon', 'alice'],
  dave: ['Engineering', 'Toronto', 'bob'],
  erin: ['Engineering', 'Berlin', 'bob'],
  frank: ['Research', 'Boston', 'grace'],
  grace: ['Research', 'Boston', ''],
  heidi: ['Research', 'Toronto', 'grace'],
  ivan: ['Support', 'Lisbon', 'alice'],
  judy: ['Marketing', 'London', 'grace'],
};

export function addProfileAttributes(ctx: SimContext, ids: Record<string, string>): void {
  const departments = [...new Set(Object.values(PROFILES).map(([d]) => d))];
  const department = createProfileField(ctx, {
    name: 'Department',
    type: 'select',
    attrs: { visibility: 'always', options: departments.map((name) => ({ id: '', name })) },
  });
  const location = createProfileField(ctx, { name: 'Location', type: 'text' });
  const manager = createProfileField(ctx, { name: 'Manager', type: 'user' });
  const optionOf = new Map(department.attrs.options!.map((o) => [o.name, o.id]));
  for (const [username, [dept, place, boss]] of Object.entries(PROFILES)) {
    const userId = ids[username];
    if (!userId) continue;
    ctx.store.profileValues.set(userId, department.id, optionOf.get(dept)!);
    ctx.store.profileValues.set(userId, location.id, place);
    if (boss && ids[boss]) ctx.store.profileValues.set(userId, manager.id, ids[boss]);
  }
}

/** Alice keeps the release channels together in a category of her own. */
export function addSidebarCategory(ctx: SimContext, aliceId: string, channels: Channel[]): void {
  const [first] = channels;
  if (!first) return;
  const id = newId();
  ctx.store.sidebarCategories.set(aliceId, id, {
    id,
    user_id: aliceId,
    team_id: first.team_id,
    display_name: 'Shipping',
    create_at: ctx.now(),
    sorting: '',
    muted: false,
    collapsed: false,
    channel_ids: channels.map((c) => c.id),
  });
}
