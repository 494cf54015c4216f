import type { Response } from 'express';
import { OAuthProblem } from '../errors.js';

export const invalidGrant = (description: string) => new OAuthProblem('invalid_grant', description);
export const invalidRequest = (description: string) =>
  new OAuthProblem('invalid_request', description);

export function sendProblem(res: Response, problem: OAuthProblem): void {
  res
    .status(problem.status)
    .set('Cache-Control', 'no-store')
    .json({ error: problem.code, error_description: problem.message });
}
