/** An authentication challenge from a `WWW-Authenticate` header (RFC 7235; Docker token spec). */
export interface Challenge {
  scheme: 'basic' | 'bearer' | string;
  /** Parameter names lowercased (realm, service, scope, error, …). */
  params: Record<string, string>;
}

/**
 * Parses a `WWW-Authenticate` value, which may hold several challenges and quoted strings containing
 * commas and escaped quotes, e.g. `Bearer realm="https://a/token",service="a",scope="repository:x:pull,push"`.
 */
export function parseChallenges(header: string | string[] | undefined): Challenge[] {
  if (header === undefined) return [];
  const values = Array.isArray(header) ? header : [header];
  const challenges: Challenge[] = [];
  for (const value of values) {
    let i = 0;
    let current: Challenge | undefined;
    const skipSpace = () => {
      while (i < value.length && (value[i] === ' ' || value[i] === '\t')) i++;
    };
    const readToken = () => {
      const start = i;
      while (i < value.length && !/[\s,=]/.test(value[i])) i++;
      return value.slice(start, i);
    };
    while (i < value.length) {
      skipSpace();
      if (value[i] === ',') {
        i++;
        continue;
      }
      const token = readToken();
      if (token === '') {
        i++;
        continue;
      }
      skipSpace();
      if (value[i] === '=') {
        i++;
        skipSpace();
        let paramValue: string;
        if (value[i] === '"') {
          i++;
          paramValue = '';
          while (i < value.length && value[i] !== '"') {
            if (value[i] === '\\' && i + 1 < value.length) i++;
            paramValue += value[i++];
          }
          i++;
        } else {
          const start = i;
          while (i < value.length && value[i] !== ',') i++;
          paramValue = value.slice(start, i).trim();
        }
        if (current) current.params[token.toLowerCase()] = paramValue;
      } else {
        current = { scheme: token.toLowerCase(), params: {} };
        challenges.push(current);
      }
    }
  }
  return challenges;
}

/** The challenge a client should answer: Bearer over Basic, ignoring schemes it cannot do. */
export function pickChallenge(challenges: Challenge[]): Challenge | undefined {
  return challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
}
