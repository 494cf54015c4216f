import type { Request, Router } from 'express';
import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import {
  AppError,
  appErrorBody,
  badRequest,
  forbidden,
  invalidParam,
  notImplemented,
} from '../http/errors.js';
import { idParam } from '../http/params.js';
import { canAddToTeam, isAdmin, requireTeam } from '../http/permissions.js';
import { sendJson, sendOk } from '../http/respond.js';
import type { Session, Team } from '../store/types.js';

/** What `POST /teams/{id}/invite/email` accepts: a list of emails, or `{emails, channelIds, message}`. */
interface MemberInvite {
  emails: string[];
  channelIds: string[];
  message: string;
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];

function memberInvite(req: Request): MemberInvite {
  const b: unknown = req.body;
  if (Array.isArray(b)) return { emails: strings(b), channelIds: [], message: '' };
  const o = (b ?? {}) as Record<string, unknown>;
  return {
    emails: strings(o['emails']),
    channelIds: strings(o['channelIds']),
    message: typeof o['message'] === 'string' ? o['message'] : '',
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The team's accepted domains and the server's, as Mattermost combines them; none: any. */
function acceptedDomains(ctx: SimContext, team: Team): string[] {
  return `${team.allowed_domains} ${ctx.store.config.TeamSettings.RestrictCreationToDomains}`
    .split(/[\s,]+/)
    .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
    .filter(Boolean);
}

function refusedAddress(email: string): AppError {
  return badRequest(
    'api.team.invite_members.invalid_email.app_error',
    `The following email addresses do not belong to an accepted domain: ${email}. Please contact your System Administrator for details.`,
  );
}

/**
 * The channels an invitation may name: those of the team whose members the sender may manage;
 * Mattermost leaves out the others without saying so (`ValidateUserPermissionsOnChannels`).
 */
function permittedChannels(ctx: SimContext, session: Session, team: Team, ids: string[]): string[] {
  return [...new Set(ids)].filter((id) => {
    const channel = ctx.store.channels.get(id);
    if (!channel || channel.team_id !== team.id || channel.delete_at > 0) return false;
    return isAdmin(ctx, session) || ctx.store.isChannelMember(channel.id, session.user_id);
  });
}

export function registerTeamInviteRoutes(r: Router, ctx: SimContext): void {
  r.post('/teams/:team_id/invite/email', (req, res) => {
    const session = requireSession(req);
    const graceful = String(req.query['graceful'] ?? '') !== '';
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    if (!canAddToTeam(ctx, session, team.id)) throw forbidden('invite_user');
    const invite = memberInvite(req);
    if (invite.emails.length === 0) throw invalidParam('user_email');
    if (!ctx.store.config.ServiceSettings.EnableEmailInvitations)
      throw notImplemented(
        'api.team.invite_members.disabled.app_error',
        'Email invitations are disabled.',
      );
    const domains = acceptedDomains(ctx, team);
    const channels = permittedChannels(ctx, session, team, invite.channelIds);
    const results = invite.emails.map((raw) => {
      const email = raw.trim().toLowerCase();
      const domain = email.split('@')[1] ?? '';
      if (!EMAIL.test(email) || (domains.length > 0 && !domains.includes(domain)))
        return { email, error: refusedAddress(email) };
      return { email, error: undefined };
    });
    const refused = results.find((result) => result.error);
    // Without `graceful` one refused address refuses them all, and nothing is sent.
    if (!graceful && refused?.error) throw refused.error;
    for (const { email, error } of results) {
      if (error) continue;
      ctx.store.emailInvites.push({
        email,
        team_id: team.id,
        channel_ids: channels,
        sender_id: session.user_id,
        // Mattermost puts the personal note only in the email of an invitation to channels too.
        message: channels.length > 0 ? invite.message : '',
        create_at: ctx.now(),
      });
    }
    if (!graceful) return sendOk(res);
    sendJson(
      res,
      results.map(({ email, error }) => ({
        email,
        error: error ? appErrorBody(req, error) : null,
      })),
    );
  });
}
