import type { Group } from '../gateway/groups.js';
import type { UserGateway } from '../gateway/user-gateway.js';
import { isMattermostId } from './names.js';
import { MattermostError, ToolError } from '../errors.js';

/** A group from its id or its @name; an unknown name suggests the closest groups. */
export async function resolveGroup(mm: UserGateway, reference: string): Promise<Group> {
  const ref = reference.trim();
  if (isMattermostId(ref)) {
    try {
      return await mm.getGroup(ref);
    } catch (err) {
      if (!(err instanceof MattermostError && err.status === 404)) throw err;
    }
  }
  const name = ref.replace(/^@/, '').toLowerCase();
  const candidates = await mm.searchGroups(name, 0, 20);
  const exact = candidates.find((group) => group.name === name);
  if (exact) return exact;
  const hint = candidates.length
    ? ` Did you mean: ${candidates
        .slice(0, 5)
        .map((g) => `@${g.name}`)
        .join(', ')}?`
    : '';
  throw new ToolError(`No group @${name}.${hint}`);
}
