import { pathSegment } from '../../src/gateway/types.js';
import { MattermostError } from '../../src/errors.js';

describe('names in Mattermost URLs', () => {
  it('are encoded as one path segment', () => {
    expect(pathSegment('town-square')).toBe('town-square');
    expect(pathSegment('a/b?c#d')).toBe('a%2Fb%3Fc%23d');
  });

  it.each(['.', '..', ''])('never let %j name another endpoint (it names nothing)', (name) => {
    expect(() => pathSegment(name)).toThrow(MattermostError);
    try {
      pathSegment(name);
    } catch (err) {
      expect((err as MattermostError).status).toBe(404);
    }
  });
});
