import { z } from 'zod';
import type { UserProfile, UserPropertyField } from '../gateway/user-gateway.js';

export const profileAttributeSchema = z.object({
  field_id: z.string(),
  name: z.string().describe('The field as people see it: Department, Location, Manager…'),
  type: z.string(),
  value: z.string().describe('As people read it: option names, @usernames; empty when not set.'),
});
export type ProfileAttribute = z.infer<typeof profileAttributeSchema>;

type Value = string | string[] | undefined;

/** The user ids among the values of `user` and `multiuser` fields, to look up in one request. */
export function attributeUserIds(
  fields: readonly UserPropertyField[],
  values: Readonly<Record<string, Value>>,
): string[] {
  return fields
    .filter((field) => field.type === 'user' || field.type === 'multiuser')
    .flatMap((field) => [values[field.id] ?? []].flat())
    .filter(Boolean);
}

/**
 * A person's attributes by field name, in the fields' order, as their profile shows them: hidden
 * fields left out, fields without a value shown only when set to show always; option ids become
 * option names, user ids @usernames.
 */
export function toProfileAttributes(
  fields: readonly UserPropertyField[],
  values: Readonly<Record<string, Value>>,
  users: ReadonlyMap<string, Pick<UserProfile, 'username'>>,
): ProfileAttribute[] {
  const readable = (field: UserPropertyField, raw: string): string => {
    if (field.type === 'select' || field.type === 'multiselect')
      return field.attrs.options?.find((option) => option.id === raw)?.name ?? raw;
    if (field.type === 'user' || field.type === 'multiuser') {
      const user = users.get(raw);
      return user ? `@${user.username}` : raw;
    }
    return raw;
  };
  return [...fields]
    .filter((field) => !field.delete_at && field.attrs.visibility !== 'hidden')
    .sort((a, b) => (a.attrs.sort_order ?? 0) - (b.attrs.sort_order ?? 0))
    .flatMap((field) => {
      const shown = [values[field.id] ?? []]
        .flat()
        .filter(Boolean)
        .map((raw) => readable(field, raw));
      if (!shown.length && field.attrs.visibility !== 'always') return [];
      return [{ field_id: field.id, name: field.name, type: field.type, value: shown.join(', ') }];
    });
}

/** `Department: Engineering · Location: Berlin · Manager: @alice` */
export function formatProfileAttributes(attributes: readonly ProfileAttribute[]): string {
  return attributes.map((a) => `${a.name}: ${a.value || '(not set)'}`).join(' · ');
}
