// Bearer-token server for the testbed's token-auth registry (distribution 2.8 `auth.token`).
// Plain Node, no dependencies: started by scripts/testbed.sh as
//   node token-server.mjs <listen-port> <state-dir>
// and reads from <state-dir>: token/key.pem, token/cert.pem, token/settings.json
// ({ service, issuer, user, passwordFile }).
// GET /token?service=…&scope=repository:name:pull,push (Basic auth of the test user) returns a JWT
// signed RS256 whose header carries the certificate in `x5c`; the registry checks that chain against
// the same certificate (its rootcertbundle). POST /token (OAuth2 password grant) is accepted too.
// Anonymous requests and wrong credentials get 401.
import { createServer } from 'node:http';
import { createSign, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [port, stateDir] = process.argv.slice(2);
if (!port || !stateDir) {
  console.error('usage: node token-server.mjs <port> <state-dir>');
  process.exit(2);
}
const settings = JSON.parse(readFileSync(join(stateDir, 'token', 'settings.json'), 'utf8'));
const privateKey = readFileSync(join(stateDir, 'token', 'key.pem'), 'utf8');
const certDer = readFileSync(join(stateDir, 'token', 'cert.pem'), 'utf8')
  .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
  .replace(/\s+/g, '');
const password = readFileSync(settings.passwordFile, 'utf8').trim();
const TOKEN_SECONDS = 300;
const GRANTABLE = new Set(['pull', 'push', 'delete', '*']);

const b64url = (data) => Buffer.from(data).toString('base64url');

function sameSecret(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function authenticate(user, pass) {
  return typeof user === 'string' && typeof pass === 'string' && user === settings.user && sameSecret(pass, password);
}

function basicCredentials(header) {
  const m = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), pass: decoded.slice(colon + 1) };
}

// scope grammar: type:name:actions, where name may contain ':' (a port); actions are the last part.
function parseScope(scope) {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last === first) return undefined;
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions: scope.slice(last + 1).split(',') };
}

function grant(scopes) {
  const access = [];
  for (const scope of scopes) {
    for (const part of scope.split(' ').filter(Boolean)) {
      const s = parseScope(part);
      if (!s || (s.type !== 'repository' && s.type !== 'registry')) continue;
      const actions = s.actions.filter((a) => GRANTABLE.has(a));
      if (actions.length > 0) access.push({ type: s.type, name: s.name, actions });
    }
  }
  return access;
}

function issue(subject, service, scopes) {
  const now = Math.floor(Date.now() / 1000);
  const header = { typ: 'JWT', alg: 'RS256', x5c: [certDer] };
  const claims = {
    iss: settings.issuer,
    sub: subject,
    aud: service || settings.service,
    exp: now + TOKEN_SECONDS,
    nbf: now - 10,
    iat: now,
    jti: randomUUID(),
    access: grant(scopes),
  };
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(privateKey).toString('base64url');
  const token = `${signingInput}.${signature}`;
  return { token, access_token: token, expires_in: TOKEN_SECONDS, issued_at: new Date(now * 1000).toISOString() };
}

function reply(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function unauthorized(res) {
  reply(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }, {
    'www-authenticate': 'Basic realm="shipshape-testbed-token"',
  });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => {
      body += d;
      if (body.length > 65536) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/token') return reply(res, 404, { error: 'not found' });
    if (req.method === 'GET') {
      const creds = basicCredentials(req.headers.authorization);
      if (!creds || !authenticate(creds.user, creds.pass)) return unauthorized(res);
      return reply(res, 200, issue(creds.user, url.searchParams.get('service'), url.searchParams.getAll('scope')));
    }
    if (req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      if (form.get('grant_type') !== 'password' || !authenticate(form.get('username'), form.get('password'))) {
        return unauthorized(res);
      }
      return reply(res, 200, issue(form.get('username'), form.get('service'), form.getAll('scope')));
    }
    return reply(res, 405, { error: 'method not allowed' });
  } catch (err) {
    console.error('token server error:', err instanceof Error ? err.message : err);
    if (!res.headersSent) reply(res, 500, { error: 'internal error' });
  }
});

server.listen(Number(port), '127.0.0.1', () => console.log(`token server listening on 127.0.0.1:${port}`));
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => server.close(() => process.exit(0)));
