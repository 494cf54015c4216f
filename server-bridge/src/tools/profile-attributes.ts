import { z } from 'zod';
import {
  attributeUserIds,
  formatProfileAttributes,
  profileAttributeSchema,
  toProfileAttributes,
} from '../format/profile-attributes.js';
import { resolveUser } from '../resolve/names.js';
import { defineTool } from './define.js';
import { userArg } from './arguments.js';
import { explainRefusal } from './refusals.js';

const getProfileAttributes = defineTool({
  name: 'get_profile_attributes',
  title: 'Profile attributes',
  description:
    'Shows the profile attributes an admin defined for people, such as department, location or ' +
    'manager, with their values for one person (you by default).',
  toolset: 'users',
  kind: 'read',
  input: z.object({ user: userArg().optional().describe('Whose attributes (default: yours).') }),
  output: z.object({ user: z.string(), attributes: z.array(profileAttributeSchema) }),
  async handler(args, { mm }) {
    const user = args.user ? await resolveUser(mm, args.user) : await mm.getMe();
    const [fields, values] = await explainRefusal(
      Promise.all([mm.getProfileAttributeFields(), mm.getUserProfileAttributes(user.id)]),
      'api.custom_profile_attributes.license_error',
      'This Mattermost server has no profile attributes: they are part of Mattermost Enterprise, ' +
        'and its licence does not include them.',
    );
    const users = await mm.getUsersByIds(attributeUserIds(fields, values));
    const attributes = toProfileAttributes(fields, values, users);
    const who = `@${user.username}`;
    const text = attributes.length
      ? `${who} — ${formatProfileAttributes(attributes)}`
      : fields.length
        ? `${who} has no profile attributes set.`
        : 'This Mattermost server defines no profile attributes.';
    return { text, structured: { user: user.username, attributes } };
  },
});

export const profileAttributeTools = [getProfileAttributes];
