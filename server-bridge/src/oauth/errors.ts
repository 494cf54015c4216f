import type { Response } from 'express';

/** An OAuth error answer (RFC 6749 §5.2): `error` code, a description for people, its status. */
export class OAuthProblem extends Error {
  constructor(
    readonly code: string,
    description: string,
    readonly status = 400,
  ) {
    super(description);
    this.name = 'OAuthProblem';
  }
}

export const invalidGrant = (description: string) => new OAuthProblem('invalid_grant', description);
export const invalidRequest = (description: string) =>
  new OAuthProblem('invalid_request', description);

export function sendProblem(res: Response, problem: OAuthProblem): void {
  res
    .status(problem.status)
    .set('Cache-Control', 'no-store')
    .json({ error: problem.code, error_description: problem.message });
}
