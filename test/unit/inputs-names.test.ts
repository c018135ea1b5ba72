import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENAMED } from '../../src/settings/aliases.js';
import { COMMANDS } from '../../src/settings/command.js';
import { DECLARED_INPUTS } from '../../src/settings/declared.js';
import { envInputReader, InputError, readSettings } from '../../src/settings/index.js';
import { closest, editDistance } from '../../src/settings/suggest.js';
import { entryFile, inputDefaults, parseYaml, type ActionMetadata, type Entry } from '../support/action-metadata.js';
import { repoRoot } from '../support/repo-root.js';

// Issue 22: inputs a newcomer can guess.

const meta = (entry: Entry) => parseYaml(readFileSync(path.join(repoRoot, entryFile(entry)), 'utf8'), entryFile(entry)) as ActionMetadata;
const DIGEST = `ghcr.io/acme/web@sha256:${'a'.repeat(64)}`;
const unix = { 'deploy-host': 'unix:///var/run/docker.sock' };

/** The environment a runner gives the step: every declared input (its default, else empty), then `with:`. */
async function runnerEnv(entry: Entry, given: Record<string, string>): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = { GITHUB_WORKSPACE: '/ws', RUNNER_TEMP: '/rt' };
  for (const [name, value] of Object.entries({ ...(await inputDefaults(entry)), ...given })) env[`INPUT_${name.toUpperCase()}`] = value;
  return env;
}
const asRunner = async (entry: Entry, given: Record<string, string>) => {
  const env = await runnerEnv(entry, given);
  return readSettings(envInputReader(env), env);
};

async function rejection(p: Promise<unknown>): Promise<InputError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(InputError);
  return e as InputError;
}

describe('command', () => {
  it('is deploy unless given; rollback, remove and renew as command or as the older booleans', async () => {
    expect((await asRunner('deploy', { image: DIGEST, ...unix })).command).toBe('deploy');
    for (const c of ['rollback', 'remove', 'renew'] as const) {
      for (const given of [{ command: c }, { [c]: 'true' }, { command: c, [c]: 'true' }] as Record<string, string>[]) {
        const s = await asRunner('deploy', { ...unix, app: 'web', ...given });
        expect(s.command, JSON.stringify(given)).toBe(c);
        expect(s.deploy?.[c], JSON.stringify(given)).toBe(true);
      }
    }
  });

  it('refuses a boolean with a different command, naming both', async () => {
    const e = await rejection(asRunner('deploy', { ...unix, app: 'web', command: 'remove', rollback: 'true' }));
    expect(e.message).toBe("Input 'command': \"remove\" cannot go with rollback: true (rollback: true is the older spelling of command: rollback; give command only)");
    expect((await rejection(asRunner('deploy', { ...unix, app: 'web', remove: 'true', renew: 'true' }))).message).toMatch(/^Input 'renew': "true" cannot go with remove: true/);
  });

  it('refuses an unknown command with the closest one, and lists them', async () => {
    const e = await rejection(asRunner('deploy', { ...unix, command: 'rollbak' }));
    expect(e.message).toBe("Input 'command': \"rollbak\" is not a command (did you mean rollback?): use one of deploy, rollback, remove, renew");
    expect((await rejection(asRunner('deploy', { ...unix, command: 'explode' }))).message).not.toMatch(/did you mean/);
  });

  it('rollback and remove take the app without an image; renew needs neither', async () => {
    expect((await asRunner('deploy', { ...unix, command: 'rollback', app: 'web' })).deploy?.app).toBe('web');
    expect((await rejection(asRunner('deploy', { ...unix, command: 'rollback' }))).message).toMatch(/^Input 'app': is empty: command rollback needs the app/);
    expect((await asRunner('deploy', { ...unix, command: 'renew' })).deploy?.renew).toBe(true);
  });

  it('needs deploy-host for every command but deploy', async () => {
    expect((await rejection(asRunner('build', { image: 'ghcr.io/acme/web', command: 'rollback' }))).message).toBe(
      "Input 'deploy-host': is empty: command rollback needs the Docker host it acts on",
    );
    expect((await rejection(asRunner('build', { image: 'ghcr.io/acme/web', renew: 'true' }))).message).toBe("Input 'deploy-host': is empty: renew: true needs the Docker host it acts on");
  });

  it('is declared in both entries with the commands the parser takes', () => {
    for (const entry of ['build', 'deploy'] as const) {
      const input = meta(entry).inputs!.command!;
      expect(input.default).toBe('deploy');
      for (const c of Object.keys(COMMANDS)) expect(String(input.description), `${entry}: ${c}`).toContain(`\`${c}\``);
    }
  });
});

describe('undeclared inputs (a typo in with:)', () => {
  it('DECLARED_INPUTS is exactly what each action file declares', () => {
    for (const entry of ['build', 'deploy'] as const) expect([...DECLARED_INPUTS[entry]].sort(), entry).toEqual(Object.keys(meta(entry).inputs!).sort());
  });

  it('refuses an INPUT_ the entry does not declare, naming it and the closest declared input', async () => {
    const e = await rejection(asRunner('build', { image: 'ghcr.io/acme/web', plaforms: 'linux/amd64' }));
    expect(e.input).toBe('plaforms');
    expect(e.message).toBe("Input 'plaforms': is not an input of action.yml (did you mean platforms?): fix or remove it in the step's with: (docs/reference.md lists the inputs)");
    expect((await rejection(asRunner('deploy', { image: DIGEST, ...unix, 'helth-path': '/up' }))).message).toMatch(/^Input 'helth-path': is not an input of deploy\/action\.yml \(did you mean health-path\?\)/);
  });

  it('checks against the running entry: a build input given to the deploy entry is named as such', async () => {
    const e = await rejection(asRunner('deploy', { image: DIGEST, ...unix, expose: '3000' }));
    expect(e.message).toMatch(/^Input 'expose': is not an input of deploy\/action\.yml; it is an input of the build entry \(action\.yml\)/);
    expect((await rejection(asRunner('build', { image: 'ghcr.io/acme/web', 'shipshape-entry': 'build' }))).input).toBe('shipshape-entry');
  });

  it('accepts every declared input (defaults included), and no suggestion when nothing is close', async () => {
    await expect(asRunner('build', { image: 'ghcr.io/acme/web' })).resolves.toMatchObject({ entry: 'build' });
    await expect(asRunner('deploy', { image: DIGEST, ...unix })).resolves.toMatchObject({ entry: 'deploy' });
    const e = await rejection(asRunner('build', { image: 'ghcr.io/acme/web', 'completely-unrelated': 'x' }));
    expect(e.message).not.toMatch(/did you mean/);
  });

  it('suggests by edit distance, a swap counting as one edit', () => {
    expect(editDistance('plaftorms', 'platforms')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closest('plaforms', DECLARED_INPUTS.build)).toBe('platforms');
    expect(closest('container_port', DECLARED_INPUTS.build)).toBe('container-port');
    expect(closest('xyz', DECLARED_INPUTS.build)).toBeUndefined();
  });
});

describe('container-port from expose', () => {
  const build = { image: 'ghcr.io/acme/web', ...unix };
  it('is the one TCP port in expose when container-port is not given, and says so', async () => {
    const s = await asRunner('build', { ...build, expose: '3000/tcp, 53/udp' });
    expect(s.deploy?.containerPort).toBe(3000);
    expect(s.notes).toEqual(['container-port: 3000 (the one TCP port in expose; set container-port to choose another)']);
  });

  it('is container-port when given, and 8080 without one TCP port in expose (or on the deploy entry)', async () => {
    expect((await asRunner('build', { ...build, expose: '3000', 'container-port': '4000' })).deploy?.containerPort).toBe(4000);
    const several = await asRunner('build', { ...build, expose: '3000,4000' });
    expect(several.deploy?.containerPort).toBe(8080);
    expect(several.notes[0]).toBe('container-port: 8080 (the default; expose lists 2 TCP ports (3000/tcp, 4000/tcp): set container-port to choose)');
    expect((await asRunner('build', build)).deploy?.containerPort).toBe(8080);
    const deploy = await asRunner('deploy', { image: DIGEST, ...unix });
    expect(deploy.deploy?.containerPort).toBe(8080);
    expect(deploy.notes[0]).toMatch(/^container-port: 8080 \(the default; expose lists no TCP port\)/);
  });

  it('is not said where no port is used: a worker, remove, renew', async () => {
    expect((await asRunner('build', { ...build, expose: '3000', role: 'worker' })).notes).toEqual([]);
    expect((await asRunner('deploy', { ...unix, command: 'renew' })).notes).toEqual([]);
    expect((await asRunner('deploy', { ...unix, remove: 'true', app: 'web' })).notes).toEqual([]);
  });
});

describe('renamed inputs', () => {
  const deploy = { image: DIGEST, ...unix };
  const cases: [old: string, value: string, read: (s: Awaited<ReturnType<typeof asRunner>>) => unknown][] = [
    ['health-timeout', '30', (s) => s.deploy?.healthTimeoutSeconds],
    ['stop-timeout', '25', (s) => s.deploy?.service.stopTimeoutSeconds],
  ];

  it('the old name alone still works, with one warning naming the new one', async () => {
    for (const [old, value, read] of cases) {
      const s = await asRunner('deploy', { ...deploy, [old]: value });
      expect(read(s), old).toBe(Number(value));
      expect(s.warnings).toEqual([`Input '${old}' is deprecated: use ${RENAMED[old]!.to} (same value). ${old} keeps working until the next major version.`]);
      const renamed = await asRunner('deploy', { ...deploy, [RENAMED[old]!.to]: value });
      expect(read(renamed), RENAMED[old]!.to).toBe(Number(value));
      expect(renamed.warnings).toEqual([]);
    }
    const env = await asRunner('build', { image: 'ghcr.io/acme/web', env: 'A=1' });
    expect(env.build.env).toEqual([['A', '1']]);
    expect(env.warnings[0]).toMatch(/^Input 'env' is deprecated: use image-env \(same value; .*pass runtime secrets with deploy-env\)/);
  });

  it('the new name wins when both are given the same value; different values are an error naming both', async () => {
    const same = await asRunner('deploy', { ...deploy, 'health-timeout': '30', 'health-timeout-seconds': '30' });
    expect(same.deploy?.healthTimeoutSeconds).toBe(30);
    const e = await rejection(asRunner('deploy', { ...deploy, 'health-timeout': '30', 'health-timeout-seconds': '45' }));
    expect(e.message).toBe(
      "Input 'health-timeout-seconds': \"45\" and its deprecated name health-timeout \"30\" are both given, with different values: give health-timeout-seconds only",
    );
  });

  it('hides a secret in that error, and an error about a value given under the old name names the old name', async () => {
    const tcp = { ...deploy, 'deploy-host': 'tcp://10.0.0.5:2376', 'docker-tls-ca': 'CA', 'docker-tls-cert': 'CERT' };
    const e = await rejection(asRunner('deploy', { ...tcp, 'tls-key': 'OLD-KEY', 'docker-tls-key': 'NEW-KEY' }));
    expect(e.message).not.toMatch(/KEY"/);
    expect(e.message).toMatch(/^Input 'docker-tls-key': \(value hidden\) and its deprecated name tls-key \(value hidden\)/);
    const env = await rejection(asRunner('build', { image: 'ghcr.io/acme/web', env: 'DB_PASSWORD=old-secret', 'image-env': 'DB_PASSWORD=new-secret' }));
    expect(env.message).toBe("Input 'image-env': (value hidden) and its deprecated name env (value hidden) are both given, with different values: give image-env only");
    const bad = await rejection(asRunner('deploy', { ...deploy, 'stop-timeout': 'soon' }));
    expect(bad.message).toBe("Input 'stop-timeout': \"soon\" must be a whole number from 0 to 3600 (stop-timeout is deprecated: use stop-timeout-seconds)");
  });

  it('each old name is declared in both its entries, with no default, and says what replaces it', () => {
    for (const entry of ['build', 'deploy'] as const) {
      const inputs = meta(entry).inputs!;
      for (const [old, { to }] of Object.entries(RENAMED)) {
        if (!inputs[to]) {
          expect(old === 'env' && entry === 'deploy', `${entryFile(entry)} lacks ${to}`).toBe(true);
          continue;
        }
        expect(inputs[old]?.default, `${entryFile(entry)}: ${old}`).toBe('');
        expect(String(inputs[old]?.description), `${entryFile(entry)}: ${old}`).toMatch(new RegExp(`^Deprecated: use ${to}\\b`));
      }
    }
  });

});

describe('docs/reference.md', () => {
  it("its input table lists each input of action.yml once, with action.yml's default", () => {
    const text = readFileSync(path.join(repoRoot, 'docs/reference.md'), 'utf8');
    const table = text.slice(text.indexOf('| input | default |'), text.indexOf('| output |'));
    const rows = [...table.matchAll(/^\| `([a-z-]+)` \| ([^|]*) \|/gm)].map((m) => [m[1]!, m[2]!.trim().replace(/^`(.*)`$/, '$1')]);
    const declared = Object.entries(meta('build').inputs!).map(([name, input]) => [name, name === 'image' ? '(required)' : String(input.default ?? '')]);
    expect(rows.sort()).toEqual(declared.sort());
  });
});
