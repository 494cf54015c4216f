import type { Request } from 'express';
import { isValidId } from '../ids.js';
import type { Session } from '../store/types.js';
import { invalidParam, invalidUrlParam } from './errors.js';

/** A path parameter that must be a Mattermost id (400 otherwise, as Mattermost answers). */
export function idParam(req: Request, name: string): string {
  const value = req.params[name];
  if (!isValidId(value)) throw invalidUrlParam(name);
  return value;
}

/** A `user_id` path parameter, where `me` stands for the caller. */
export function userIdParam(req: Request, session: Session, name = 'user_id'): string {
  if (req.params[name] === 'me') return session.user_id;
  return idParam(req, name);
}

export function stringParam(req: Request, name: string): string {
  const value = req.params[name];
  if (typeof value !== 'string' || value === '') throw invalidUrlParam(name);
  return value;
}

/** Query helpers with Mattermost's defaults: page 0, per_page 60, at most 200. */
export function paging(
  req: Request,
  defaultPerPage = 60,
  maxPerPage = 200,
): { page: number; perPage: number } {
  const page = intQuery(req, 'page', 0);
  let perPage = intQuery(req, 'per_page', defaultPerPage);
  if (page < 0) throw invalidUrlParam('page');
  if (perPage < 0) throw invalidUrlParam('per_page');
  if (perPage > maxPerPage) perPage = maxPerPage;
  return { page, perPage };
}

export function intQuery(req: Request, name: string, fallback: number): number {
  const raw = req.query[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw invalidUrlParam(name);
  return Math.trunc(n);
}

export function boolQuery(req: Request, name: string): boolean {
  const raw = req.query[name];
  return raw === 'true' || raw === '1';
}

export function strQuery(req: Request, name: string): string {
  const raw = req.query[name];
  return typeof raw === 'string' ? raw : '';
}

/** The JSON body as an object (400 when it is something else). */
export function body(req: Request): Record<string, unknown> {
  const b: unknown = req.body;
  if (typeof b !== 'object' || b === null || Array.isArray(b)) throw invalidParam('body');
  return b as Record<string, unknown>;
}

/** The JSON body as an array of strings (400 when it is something else). */
export function stringArrayBody(req: Request, name: string): string[] {
  const b: unknown = req.body;
  if (!Array.isArray(b) || !b.every((x) => typeof x === 'string')) throw invalidParam(name);
  return b as string[];
}

/** A list of strings in a field of a JSON object body (`{"user_ids": [...]}`); missing is empty. */
export function stringArrayField(b: Record<string, unknown>, name: string): string[] {
  const value = b[name];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((x) => typeof x === 'string')) throw invalidParam(name);
  return value as string[];
}

export function optString(obj: Record<string, unknown>, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' ? v : undefined;
}

export function reqString(obj: Record<string, unknown>, key: string): string {
  const v = obj[key];
  if (typeof v !== 'string' || v === '') throw invalidParam(key);
  return v;
}

/** A page of `items`. */
export function pageOf<T>(items: T[], page: number, perPage: number): T[] {
  return items.slice(page * perPage, page * perPage + perPage);
}

/** `{omit_connection_id}` for the caller's WebSocket connection, named by Client4's `Connection-Id` header. */
export function omitSender(req: Request): { omit_connection_id?: string } {
  const id = req.get('Connection-Id');
  return id ? { omit_connection_id: id } : {};
}
