import { z } from 'zod';
import { randomSecret } from './crypto.js';
import { fetchMetadataDocument } from './metadata-document.js';
import type { ClientRecord, OAuthRecords } from './records.js';
import { redirectUriProblem } from './redirect-uris.js';
import { MetadataDocumentError, OAuthProblem } from '../errors.js';

/** Registered clients are forgotten after this long; they register again when they need to. */
const CLIENT_TTL_MS = 90 * 86_400_000;
/** A fetched metadata document is trusted for this long before it is fetched again. */
const DOCUMENT_TTL_MS = 3_600_000;

/**
 * What a public client may register (RFC 7591): redirect URIs, a name, the authorization code and
 * refresh token grants, and no client secret (`token_endpoint_auth_method: "none"`).
 */
const registrationSchema = z.object({
  redirect_uris: z.array(z.string().max(2000)).min(1).max(20),
  client_name: z.string().max(200).optional(),
  token_endpoint_auth_method: z.string().optional(),
  grant_types: z.array(z.string()).optional(),
  response_types: z.array(z.string()).optional(),
  scope: z.string().max(200).optional(),
  client_uri: z.string().max(2000).optional(),
  logo_uri: z.string().max(2000).optional(),
  software_id: z.string().max(200).optional(),
  software_version: z.string().max(200).optional(),
});

type Registration = z.infer<typeof registrationSchema>;

function invalidMetadata(description: string): OAuthProblem {
  return new OAuthProblem('invalid_client_metadata', description);
}

/** Checks registration metadata; throws the RFC 7591 error that names the problem. */
function checkRegistration(input: unknown): Registration {
  const parsed = registrationSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidMetadata(`${issue?.path.join('.') || 'metadata'}: ${issue?.message}`);
  }
  const metadata = parsed.data;
  const method = metadata.token_endpoint_auth_method ?? 'none';
  if (method !== 'none')
    throw invalidMetadata(
      'Only public clients are registered here: token_endpoint_auth_method must be "none".',
    );
  const grants = metadata.grant_types ?? ['authorization_code', 'refresh_token'];
  const unsupported = grants.filter((g) => g !== 'authorization_code' && g !== 'refresh_token');
  if (unsupported.length || !grants.includes('authorization_code'))
    throw invalidMetadata(
      'grant_types may hold authorization_code and refresh_token only, authorization_code included.',
    );
  if ((metadata.response_types ?? ['code']).some((t) => t !== 'code'))
    throw invalidMetadata('response_types may hold "code" only.');
  for (const uri of metadata.redirect_uris) {
    const problem = redirectUriProblem(uri);
    if (problem) throw new OAuthProblem('invalid_redirect_uri', problem);
  }
  return metadata;
}

/** Registered clients (by their issued id) and clients known by a metadata document (by URL). */
export class ClientDirectory {
  constructor(
    private readonly records: OAuthRecords,
    private readonly allowInsecureDocuments: boolean,
  ) {}

  /** Dynamic Client Registration: the client information to answer with 201. */
  async register(input: unknown): Promise<Record<string, unknown>> {
    const metadata = checkRegistration(input);
    const client: ClientRecord = {
      client_id: randomSecret('mmb_client_'),
      ...(metadata.client_name ? { client_name: metadata.client_name } : {}),
      redirect_uris: metadata.redirect_uris,
      client_id_issued_at: Math.floor(Date.now() / 1000),
      metadata_document: false,
    };
    await this.records.put('client', client.client_id, client, CLIENT_TTL_MS);
    return {
      ...metadata,
      client_id: client.client_id,
      client_id_issued_at: client.client_id_issued_at,
      token_endpoint_auth_method: 'none',
      grant_types: metadata.grant_types ?? ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    };
  }

  /**
   * The client behind an id: a registered one, or the metadata document its https URL names
   * (fetched safely, then kept for an hour). Undefined when there is none; a document that
   * cannot be used throws OAuthProblem `invalid_client`.
   */
  async resolve(clientId: string): Promise<ClientRecord | undefined> {
    const known = await this.records.get('client', clientId);
    if (known) return known;
    if (!/^https?:\/\//i.test(clientId)) return undefined;
    let document: unknown;
    try {
      document = await fetchMetadataDocument(clientId, this.allowInsecureDocuments);
    } catch (err) {
      if (!(err instanceof MetadataDocumentError)) throw err;
      throw new OAuthProblem('invalid_client', `Client metadata document refused: ${err.message}.`);
    }
    const client = this.fromDocument(clientId, document);
    await this.records.put('client', clientId, client, DOCUMENT_TTL_MS);
    return client;
  }

  private fromDocument(clientId: string, document: unknown): ClientRecord {
    if (typeof document !== 'object' || document === null || Array.isArray(document))
      throw new OAuthProblem('invalid_client', 'The client metadata document is not an object.');
    const fields = document as Record<string, unknown>;
    if (fields['client_id'] !== clientId)
      throw new OAuthProblem(
        'invalid_client',
        'The client metadata document names another client_id than its own URL.',
      );
    if ('client_secret' in fields)
      throw new OAuthProblem('invalid_client', 'A client metadata document may not hold a secret.');
    let metadata: Registration;
    try {
      metadata = checkRegistration(fields);
    } catch (err) {
      if (err instanceof OAuthProblem) throw new OAuthProblem('invalid_client', err.message);
      throw err;
    }
    return {
      client_id: clientId,
      ...(metadata.client_name ? { client_name: metadata.client_name } : {}),
      redirect_uris: metadata.redirect_uris,
      client_id_issued_at: Math.floor(Date.now() / 1000),
      metadata_document: true,
    };
  }
}
