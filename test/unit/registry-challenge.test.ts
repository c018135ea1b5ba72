import { describe, expect, it } from 'vitest';
import { parseChallenges, pickChallenge } from '../../src/registry/challenge.js';

describe('parseChallenges', () => {
  it('reads a Docker token challenge with a quoted scope that contains commas', () => {
    const [c] = parseChallenges('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:push,pull"');
    expect(c).toEqual({ scheme: 'bearer', params: { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:a/b:push,pull' } });
  });

  it('reads several challenges in one header and in several headers', () => {
    const cs = parseChallenges(['Basic realm="Registry Realm"', 'Bearer realm="https://t/x", error="invalid_token"']);
    expect(cs.map((c) => c.scheme)).toEqual(['basic', 'bearer']);
    expect(cs[1].params.error).toBe('invalid_token');
    const one = parseChallenges('Basic realm="a, b", Bearer realm="https://t/x",service=s');
    expect(one).toEqual([
      { scheme: 'basic', params: { realm: 'a, b' } },
      { scheme: 'bearer', params: { realm: 'https://t/x', service: 's' } },
    ]);
  });

  it('handles escaped quotes, unquoted values, spaces around = and mixed-case names', () => {
    const [c] = parseChallenges('BEARER Realm = "x\\"y" , Service=plain');
    expect(c).toEqual({ scheme: 'bearer', params: { realm: 'x"y', service: 'plain' } });
  });

  it('returns nothing for an absent or empty header', () => {
    expect(parseChallenges(undefined)).toEqual([]);
    expect(parseChallenges('')).toEqual([]);
  });

  it('prefers Bearer over Basic and ignores unknown schemes', () => {
    expect(pickChallenge(parseChallenges('Negotiate, Basic realm="r", Bearer realm="t"'))?.scheme).toBe('bearer');
    expect(pickChallenge(parseChallenges('Negotiate, Basic realm="r"'))?.scheme).toBe('basic');
    expect(pickChallenge(parseChallenges('Negotiate'))).toBeUndefined();
  });
});
