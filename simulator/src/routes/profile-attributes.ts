import type { Router } from 'express';
import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import { AppError, forbidden, invalidParam, notFound } from '../http/errors.js';
import { body, userIdParam } from '../http/params.js';
import { isAdmin, requireAdmin } from '../http/permissions.js';
import { sendJson } from '../http/respond.js';
import { newId } from '../ids.js';
import type { ProfileField, ProfileValue } from '../store/types.js';

/** The property group Mattermost keeps custom profile attributes in: one per server. */
export const PROFILE_ATTRIBUTES_GROUP = 'custom_profile_attributes_group';
const FIELD_TYPES = ['text', 'select', 'multiselect', 'date', 'user', 'multiuser'] as const;
/** Mattermost allows this many custom profile attribute fields. */
const MAX_FIELDS = 20;

/** Custom profile attributes are an Enterprise feature: any other licence gets 403. */
function requireEnterprise(ctx: SimContext): void {
  if (ctx.store.license !== 'enterprise')
    throw new AppError(
      403,
      'api.custom_profile_attributes.license_error',
      'Your license does not support Custom Profile Attributes.',
    );
}

const liveFields = (ctx: SimContext) =>
  [...ctx.store.profileFields.values()]
    .filter((f) => f.delete_at === 0)
    .sort((a, b) => a.attrs.sort_order - b.attrs.sort_order || a.create_at - b.create_at);

/** A new field as an admin makes it; `options` of select fields get their ids. */
export function createProfileField(
  ctx: SimContext,
  input: { name: string; type: ProfileField['type']; attrs?: Partial<ProfileField['attrs']> },
): ProfileField {
  const now = ctx.now();
  const field: ProfileField = {
    id: newId(),
    group_id: PROFILE_ATTRIBUTES_GROUP,
    name: input.name,
    type: input.type,
    attrs: {
      sort_order: input.attrs?.sort_order ?? liveFields(ctx).length,
      visibility: input.attrs?.visibility ?? 'when_set',
      value_type: input.attrs?.value_type ?? '',
      managed: input.attrs?.managed ?? '',
      ...(input.attrs?.options
        ? { options: input.attrs.options.map((o) => ({ ...o, id: o.id || newId() })) }
        : {}),
    },
    target_id: '',
    target_type: '',
    create_at: now,
    update_at: now,
    delete_at: 0,
  };
  ctx.store.profileFields.set(field.id, field);
  return field;
}

/** A value a field accepts: text for text and date fields, option ids for selects, user ids. */
function checkValue(ctx: SimContext, field: ProfileField, value: unknown): ProfileValue {
  const multiple = field.type === 'multiselect' || field.type === 'multiuser';
  const values = multiple ? value : [value];
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'string'))
    throw invalidParam('value');
  const strings = values as string[];
  if (field.type === 'select' || field.type === 'multiselect') {
    const options = new Set(field.attrs.options?.map((o) => o.id));
    if (strings.some((v) => v !== '' && !options.has(v))) throw invalidParam('value');
  }
  const isUser = field.type === 'user' || field.type === 'multiuser';
  if (isUser && strings.some((v) => v !== '' && !ctx.store.user(v))) throw invalidParam('value');
  if (strings.some((v) => v.length > 64)) throw invalidParam('value');
  return multiple ? strings : strings[0]!;
}

/** Custom profile attributes: the fields an admin defines, and each user's values. */
export function registerProfileAttributeRoutes(r: Router, ctx: SimContext): void {
  r.get('/custom_profile_attributes/fields', (req, res) => {
    requireSession(req);
    requireEnterprise(ctx);
    sendJson(res, liveFields(ctx));
  });

  r.post('/custom_profile_attributes/fields', (req, res) => {
    requireAdmin(ctx, requireSession(req));
    requireEnterprise(ctx);
    const b = body(req);
    const name = typeof b['name'] === 'string' ? b['name'].trim() : '';
    if (!name || name.length > 255) throw invalidParam('name');
    const type = b['type'];
    if (!FIELD_TYPES.includes(type as ProfileField['type'])) throw invalidParam('type');
    if (liveFields(ctx).length >= MAX_FIELDS)
      throw new AppError(
        422,
        'app.custom_profile_attributes.limit_reached.app_error',
        'Custom Profile Attributes field limit reached.',
      );
    const attrs = typeof b['attrs'] === 'object' && b['attrs'] ? b['attrs'] : {};
    sendJson(
      res,
      createProfileField(ctx, {
        name,
        type: type as ProfileField['type'],
        attrs: attrs as Partial<ProfileField['attrs']>,
      }),
      201,
    );
  });

  r.get('/users/:user_id/custom_profile_attributes', (req, res) => {
    const userId = userIdParam(req, requireSession(req));
    requireEnterprise(ctx);
    if (!ctx.store.user(userId)) throw notFound('user', 'app.user.missing_account.const');
    const live = new Set(liveFields(ctx).map((f) => f.id));
    const values = Object.fromEntries(
      ctx.store.profileValues.keys(userId).flatMap((fieldId) => {
        const value = ctx.store.profileValues.get(userId, fieldId);
        return live.has(fieldId) && value !== undefined ? [[fieldId, value]] : [];
      }),
    );
    sendJson(res, values);
  });

  r.patch('/custom_profile_attributes/values', (req, res) => {
    const session = requireSession(req);
    requireEnterprise(ctx);
    const updates = body(req);
    const checked: Record<string, ProfileValue> = {};
    for (const [fieldId, value] of Object.entries(updates)) {
      const field = ctx.store.profileFields.get(fieldId);
      if (!field || field.delete_at) throw invalidParam('field_id');
      // Fields the admin manages (synced from a directory) are not the user's to change.
      if (field.attrs.managed === 'admin' && !isAdmin(ctx, session))
        throw forbidden('manage_system');
      checked[fieldId] = checkValue(ctx, field, value);
    }
    for (const [fieldId, value] of Object.entries(checked))
      ctx.store.profileValues.set(session.user_id, fieldId, value);
    sendJson(res, checked);
  });
}
