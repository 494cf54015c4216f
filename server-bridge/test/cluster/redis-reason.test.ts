import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { RedisLink, redisReason } from '../../src/cluster/redis-link.js';
import { loadConfig } from '../../src/config.js';
import { startBridge } from '../../src/index.js';
import { freePort } from '../helpers/free-port.js';
import { redisAvailability, startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { TEST_ENV } from '../helpers/stack.js';
import { until } from '../helpers/wait.js';
import { captureLogs } from '../policy/logs.js';

const available = redisAvailability();
const describeRedis = available.ok ? describe : describe.skip;
if (!available.ok) console.warn(`Skipping the Redis reason tests: ${available.message}`);

jest.setTimeout(30_000);

const PASSWORD = 'Right-Pass-7f3a';
const WRONG = 'Wr0ng-Secret-9b1c';

/** Why Redis refused a bridge, in its log: the reason once, however often the bridge retries. */
describeRedis('Redis failure reasons', () => {
  let redis: RedisServer;
  const links: RedisLink[] = [];

  beforeAll(async () => {
    redis = await startRedisServer({ password: PASSWORD });
  });
  afterAll(async () => {
    await Promise.all(links.map((link) => link.stop()));
    await redis?.stop(true);
  });

  const warnings = (lines: Record<string, unknown>[]) =>
    lines.filter((line) => line.level === 40).map((line) => String(line.msg));

  /** A started link to `url` logging into `logs`, and a count of the errors its connections met. */
  async function linkTo(url: string) {
    const logs = captureLogs();
    const link = new RedisLink({ url, prefix: 'reason', commandTimeoutMs: 500 }, logs.logger);
    links.push(link);
    let errors = 0;
    link.commands.on('error', () => (errors += 1));
    await link.start();
    return { link, logs, errors: () => errors };
  }

  it('says at start that the password is wrong, without the password', async () => {
    const logs = captureLogs();
    const bridge = await startBridge(
      loadConfig({
        ...TEST_ENV,
        MATTERMOST_URL: 'http://127.0.0.1:9',
        REDIS_URL: `redis://:${WRONG}@127.0.0.1:${redis.port}`,
      }),
      { logger: logs.logger },
    );
    try {
      const unreachable = logs.lines.find((line) =>
        String(line.msg).startsWith('Redis is unreachable'),
      );
      expect(unreachable).toMatchObject({
        level: 40,
        reason: 'WRONGPASS invalid username-password pair or user is disabled.',
        msg: 'Redis is unreachable (WRONGPASS invalid username-password pair or user is disabled.); serving alone until it answers',
      });
      expect(JSON.stringify(logs.lines)).not.toContain(WRONG);
    } finally {
      await bridge.stop(1000);
    }
  });

  it('logs each reason once, not once per retry', async () => {
    const wrong = await linkTo(`redis://:${WRONG}@127.0.0.1:${redis.port}`);
    // Several more attempts, each refused the same way.
    await until('three more refused attempts', () => wrong.errors() >= 4);
    expect(warnings(wrong.logs.lines).filter((msg) => msg.includes('WRONGPASS'))).toHaveLength(1);
    expect(JSON.stringify(wrong.logs.lines)).not.toContain(WRONG);

    const none = await linkTo(`redis://127.0.0.1:${redis.port}`);
    await until('another refused attempt', () => none.errors() >= 2);
    expect(warnings(none.logs.lines)).toEqual([
      expect.stringMatching(/^Redis is unreachable \(NOAUTH .*\); serving alone until it answers$/),
    ]);

    const port = await freePort();
    const nobody = await linkTo(`redis://:${WRONG}@127.0.0.1:${port}`);
    await until('another refused connection', () => nobody.errors() >= 2);
    expect(warnings(nobody.logs.lines)).toEqual([
      `Redis is unreachable (connect ECONNREFUSED 127.0.0.1:${port}); serving alone until it answers`,
    ]);
  });

  it('says why a lost Redis does not answer, once, and again after it came back and left', async () => {
    const { link, logs, errors } = await linkTo(redis.url);
    expect(link.status).toBe('up');
    const refusals = () =>
      warnings(logs.lines).filter((msg) => msg.startsWith('Redis fails: connect ECONNREFUSED'));
    await redis.stop();
    await until('Redis to be missed', () => link.status === 'down' && refusals().length === 1);
    const seen = errors();
    await until('two more attempts', () => errors() >= seen + 2);
    expect(refusals()).toHaveLength(1);
    expect(warnings(logs.lines)).toContain(
      'Redis connection lost; serving alone until it answers again',
    );

    await redis.start();
    await until('Redis to answer again', () => link.status === 'up');
    await redis.stop();
    await until('the reason again', () => refusals().length === 2);
    await redis.start();
  });
});

describe('the reason of a Redis error', () => {
  it('never shows the password of an address it quotes, even one holding @ or /', () => {
    const reason = redisReason(new Error('connect to redis://:p@ss/w0rd@10.0.0.5:6379 failed'));
    expect(reason).toBe('connect to redis://[redacted]@10.0.0.5:6379 failed');
  });
});
