import { describe, expect, it } from 'vitest';
import { envCredential } from '../../src/secret-forms.js';
import { rawSecrets, readSettings } from '../../src/settings/index.js';

// Issue 24: the build's `env` is baked into the image; a value that looks like a credential is masked and warned about.

const inputs = (m: Record<string, string>) => (name: string) => m[name] ?? '';
const GHP = `ghp_${'A1b2C3d4E5'.repeat(4)}`;
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhcHAifQ.c2lnbmF0dXJlLXBhcnQ';

describe('envCredential', () => {
  it('finds a URL with a password, and masks the password (raw and decoded) and the userinfo', () => {
    expect(envCredential('DATABASE_URL', 'postgres://app:s3cr3t-pw@db/app')).toEqual({ why: 'a URL with a password', secrets: ['app:s3cr3t-pw', 's3cr3t-pw'] });
    expect(envCredential('REDIS_URL', 'redis://:p%40ssw0rd@cache:6379')!.secrets).toEqual([':p%40ssw0rd', 'p%40ssw0rd', 'p@ssw0rd']);
    // a user without a password, or no userinfo: no credential
    expect(envCredential('REPO_URL', 'https://git@github.com/acme/app')).toBeUndefined();
    expect(envCredential('API_URL', 'https://api.example.com/v1')).toBeUndefined();
  });

  it('finds names like a credential unless the value is a flag, a number or a path', () => {
    for (const name of ['DB_PASSWORD', 'SECRET_KEY_BASE', 'NPM_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'STRIPE_API_KEY', 'SIGNING_KEY', 'APIKEY', 'app_secret']) {
      expect(envCredential(name, 'hunter2-but-longer'), name).toEqual({ why: 'a value named like a credential', secrets: ['hunter2-but-longer'] });
    }
    for (const [name, value] of [['TOKEN_TTL', '3600'], ['TOKEN_TTL', '15m'], ['USE_TOKEN', 'true'], ['SECRETS_DIR', '/run/secrets'], ['DB_PASSWORD', 'ab'], ['TOKENIZERS_PARALLELISM', 'false-ish'], ['KEYBOARD', 'us-intl'], ['PASSENGER_APP_ENV', 'production']]) {
      expect(envCredential(name, value), `${name}=${value}`).toBeUndefined();
    }
  });

  it('finds token shapes whatever the name', () => {
    expect(envCredential('GH', GHP)).toEqual({ why: 'a GitHub token', secrets: [GHP] });
    expect(envCredential('X', 'AKIAIOSFODNN7EXAMPLE')!.why).toBe('an AWS access key ID');
    expect(envCredential('SESSION', `Bearer ${JWT}`)).toEqual({ why: 'a JWT', secrets: [`Bearer ${JWT}`, JWT] });
    expect(envCredential('CERT', '-----BEGIN EC PRIVATE KEY-----\nMHc…')!.why).toBe('a private key');
    expect(envCredential('NODE_ENV', 'production')).toBeUndefined();
    expect(envCredential('GIT_SHA', 'c0ffee'.padEnd(40, '0'))).toBeUndefined();
  });
});

describe('readSettings with env credentials', () => {
  const credentials = `NODE_ENV=production\nDATABASE_URL=postgres://app:s3cr3t-pw@db/app\nGITHUB_PAT=${GHP}`;

  it('warns naming image-env, the variable and deploy-env; the values go to the secrets (masked, scrubbed)', () => {
    const s = readSettings(inputs({ image: 'r/app', 'image-env': credentials }), {});
    expect(s.warnings).toHaveLength(2);
    expect(s.warnings[0]).toMatch(/^Input 'image-env': DATABASE_URL looks like a credential \(a URL with a password\);.*deploy-env/);
    expect(s.warnings[1]).toMatch(/^Input 'image-env': GITHUB_PAT looks like a credential \(a GitHub token\)/);
    for (const w of s.warnings) expect(w).not.toMatch(/s3cr3t-pw|ghp_/);
    expect(s.secrets).toEqual(expect.arrayContaining(['s3cr3t-pw', GHP]));
    expect(s.build.env).toContainEqual(['DATABASE_URL', 'postgres://app:s3cr3t-pw@db/app']);
    expect(readSettings(inputs({ image: 'r/app', 'image-env': 'NODE_ENV=production' }), {}).warnings).toEqual([]);
  });

  it('under the deprecated name env: the same warnings naming env, after the one naming image-env', () => {
    const s = readSettings(inputs({ image: 'r/app', env: credentials }), {});
    expect(s.warnings).toHaveLength(3);
    expect(s.warnings[0]).toMatch(/^Input 'env' is deprecated: use image-env .*runtime secrets with deploy-env/);
    expect(s.warnings[1]).toMatch(/^Input 'env': DATABASE_URL looks like a credential/);
    expect(s.secrets).toEqual(expect.arrayContaining(['s3cr3t-pw', GHP]));
  });

  it('a run whose inputs were refused scrubs its record of them too', () => {
    expect(rawSecrets(inputs({ env: 'DATABASE_URL=postgres://app:s3cr3t-pw@db/app\nA=1' }))).toEqual(['app:s3cr3t-pw', 's3cr3t-pw']);
    expect(rawSecrets(inputs({ 'image-env': 'DATABASE_URL=postgres://app:s3cr3t-pw@db/app\nA=1' }))).toEqual(['app:s3cr3t-pw', 's3cr3t-pw']);
  });
});
