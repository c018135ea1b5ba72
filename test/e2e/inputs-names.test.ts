// Issue 22 through dist/index.js as a runner runs it: a typo in `with:` fails the step at once, before
// any build, naming the input and the closest declared one; a deprecated name works and is warned about.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../support/run-action.js';
import { expectCleanFailure } from '../support/step-failure.js';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'ni-inputs-'));
  await writeFile(path.join(work, 'index.html'), 'ni\n');
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const errorLines = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('::error'));

describe('inputs a newcomer can guess (dist/index.js)', () => {
  it('a typo in with: fails within seconds, before any build, with one line naming the input and the suggestion', async () => {
    const started = Date.now();
    // Nothing here could be built or pushed: a run that got past the inputs would fail on the registry, later.
    const run = await runAction({
      inputs: { context: work, image: '127.0.0.1:9/ni-inputs/web', plaforms: 'linux/amd64', cache: 'false' },
      timeoutMs: 60_000,
    });
    const seconds = (Date.now() - started) / 1000;
    const { error, record } = expectCleanFailure(run, /^::error::Input 'plaforms': /);
    expect(error).toBe("::error::Input 'plaforms': is not an input of action.yml (did you mean platforms?): fix or remove it in the step's with: (docs/reference.md lists the inputs)");
    expect(record.build).toBeUndefined();
    expect(run.stdout).not.toMatch(/^::group::(Fingerprint|Build|Push.*|Look for.*)$/m);
    expect(seconds).toBeLessThan(10);
  });

  it('the deploy entry checks its own inputs: a build input is named as one', async () => {
    const run = await runAction({
      entry: 'deploy',
      inputs: { image: `127.0.0.1:9/ni-inputs/web@sha256:${'0'.repeat(64)}`, 'deploy-host': 'unix:///nonexistent/ni.sock', app: 'ni-inputs', expose: '3000' },
      timeoutMs: 60_000,
    });
    expect(run.code).toBe(1);
    expect(errorLines(run.stdout)).toEqual([expect.stringMatching(/^::error::Input 'expose': is not an input of deploy\/action\.yml; it is an input of the build entry \(action\.yml\)/)]);
  });

  it('a deprecated name works with a warning naming the new one; the log says which container-port was used', async () => {
    // The engine is unreachable: the run gets past every input and fails connecting, after the warnings.
    const run = await runAction({
      entry: 'deploy',
      inputs: {
        image: `127.0.0.1:9/ni-inputs/web@sha256:${'0'.repeat(64)}`,
        'deploy-host': 'unix:///nonexistent/ni.sock',
        app: 'ni-inputs',
        'stop-timeout': '5',
        'health-timeout-seconds': '30',
      },
      timeoutMs: 60_000,
    });
    expect(run.code).toBe(1);
    const warnings = run.stdout.split('\n').filter((l) => l.startsWith('::warning'));
    expect(warnings).toEqual(["::warning::Input 'stop-timeout' is deprecated: use stop-timeout-seconds (same value). stop-timeout keeps working until the next major version."]);
    expect(run.stdout).toContain('container-port: 8080 (the default; expose lists no TCP port)');
    expect(errorLines(run.stdout).join('\n')).toMatch(/nonexistent\/ni\.sock/);
  });
});
