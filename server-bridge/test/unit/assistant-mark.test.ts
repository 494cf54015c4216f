import { describe, expect, it } from '@jest/globals';
import { assistantMark } from '../../src/policy/guarded-gateway.js';

describe('assistantMark', () => {
  it('names the client, printable and short', () => {
    expect(assistantMark('claude-code')).toEqual({
      from_mcp_bridge: 'true',
      mcp_client: 'claude-code',
    });
    expect(assistantMark(undefined).mcp_client).toBe('unknown');
    expect(assistantMark('\u0000\n').mcp_client).toBe('unknown');
    expect(assistantMark('evil\nname\u0007').mcp_client).toBe('evilname');
    expect(assistantMark('y'.repeat(100)).mcp_client).toHaveLength(64);
  });
});
