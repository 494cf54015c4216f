import type { Router } from 'express';
import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import { invalidParam } from '../http/errors.js';
import { body, stringArrayField } from '../http/params.js';
import { requireAdmin } from '../http/permissions.js';
import { sendJson, sendOk } from '../http/respond.js';
import { createGroup, presentGroup, requireLicenseFor } from '../services/groups.js';
import type { LicenseSku } from '../store/groups.js';

/** `GET /license/client?format=old`: what the webapp reads of the licence. */
export function clientLicense(sku: LicenseSku | undefined): Record<string, string> {
  if (!sku) return { IsLicensed: 'false' };
  const enterprise = String(sku === 'enterprise');
  return {
    IsLicensed: 'true',
    SkuShortName: sku,
    LDAP: enterprise,
    LDAPGroups: enterprise,
    CustomPermissionsSchemes: enterprise,
    GuestAccounts: 'true',
  };
}

/**
 * Licence and directory controls. A real server is licensed by uploading a signed file and gets
 * LDAP groups from its directory sync; the simulator stands in for both with admin-only controls
 * under `/simulator/`, and removes a licence with Mattermost's own `DELETE /license`.
 */
export function registerLicenseRoutes(r: Router, ctx: SimContext): void {
  r.get('/license/client', (_req, res) => sendJson(res, clientLicense(ctx.store.license)));

  r.post('/simulator/license', (req, res) => {
    requireAdmin(ctx, requireSession(req));
    const sku = body(req)['sku'];
    if (sku !== 'professional' && sku !== 'enterprise') throw invalidParam('sku');
    ctx.store.license = sku;
    sendOk(res);
  });

  r.delete('/license', (req, res) => {
    requireAdmin(ctx, requireSession(req), 'manage_license_information');
    ctx.store.license = undefined;
    sendOk(res);
  });

  r.post('/simulator/groups', (req, res) => {
    const session = requireSession(req);
    requireAdmin(ctx, session);
    requireLicenseFor(ctx, 'ldap');
    const b = body(req);
    const group = createGroup(
      ctx,
      {
        name: String(b['name'] ?? ''),
        displayName: String(b['display_name'] ?? ''),
        source: 'ldap',
        allowReference: b['allow_reference'] !== false,
        creatorId: '',
        remoteId: String(b['name'] ?? ''),
      },
      stringArrayField(body(req), 'user_ids'),
    );
    sendJson(res, presentGroup(ctx, group, true), 201);
  });
}
