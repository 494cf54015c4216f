import { MattermostError, ToolError } from '../errors.js';

/**
 * Waits for `call`, turning Mattermost's refusal `serverErrorId` into `explanation`: words the
 * model can pass on (what is off, who can turn it on). Any other failure goes on unchanged.
 */
export async function explainRefusal<T>(
  call: Promise<T>,
  serverErrorId: string,
  explanation: string,
): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof MattermostError && err.serverErrorId === serverErrorId)
      throw new ToolError(explanation);
    throw err;
  }
}
