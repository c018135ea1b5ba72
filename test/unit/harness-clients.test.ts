// The harness (test/support/run-action.ts, client-files.ts) against the behaviours of GitHub's runner and
// act it claims to mirror. The job fixtures are ported from nektos/act bd86152 (v0.2.87),
// pkg/runner/testdata: GITHUB_STATE, set-env-new-env-file-per-step, GITHUB_ENV-use-in-env-ctx,
// environment-files, environment-files-parser-bug; the step steps are small scripts in place of their
// shell `run:` steps and nektos/act-test-actions/script.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actStepNames, parseActFile, parseRunnerFile, runnerStepNames, type Client } from '../support/client-files.js';
import { newRunnerFiles, postRuns, runAction, type RunnerFiles } from '../support/run-action.js';

let dir: string;
beforeAll(async () => (dir = await mkdtemp(path.join(os.tmpdir(), 'hn-harness-'))));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A step whose body is `code` (ESM, with fs as `fs` and the environment as `env`); it fails on a thrown assertion. */
async function script(name: string, code: string): Promise<string> {
  const file = path.join(dir, `${name}.mjs`);
  await writeFile(file, `import fs from 'node:fs';\nconst env = process.env;\nconst check = (ok, what) => { if (!ok) { console.log('check failed: ' + what); process.exit(1); } };\n${code}\n`);
  return file;
}

const step = (client: Client, files: RunnerFiles, file: string, more: { action?: string; postState?: Record<string, string> } = {}) =>
  runAction({ inputs: {}, client, files, script: file, ...more });

describe.each<Client>(['runner', 'act'])('%s: command files', (client) => {
  it('GITHUB_STATE: main overwrites its own new state file; post sees it as STATE_*, not what another step saved (act GITHUB_STATE fixture)', async () => {
    const files = await newRunnerFiles();
    const main = await step(client, files, await script('state-main', `check(fs.readFileSync(env.GITHUB_STATE, 'utf8') === '', 'a new state file'); fs.writeFileSync(env.GITHUB_STATE, 'mystate2=mystateval\\n');`), { action: 'script' });
    expect(main.code, main.stdout).toBe(0);
    const other = await step(client, files, await script('state-other', `fs.writeFileSync(env.GITHUB_STATE, 'mystate2=mystateerror\\n');`), { action: 'pre-script' });
    expect(other.state).toEqual({ mystate2: 'mystateerror' });
    const post = await step(client, files, await script('state-post', `check(env.STATE_mystate2 === 'mystateval', 'STATE_mystate2 ' + env.STATE_mystate2); check(fs.readFileSync(env.GITHUB_STATE, 'utf8') === '', 'post gets a new state file'); fs.appendFileSync(env.GITHUB_OUTPUT, 'late=1\\n');`), { action: 'script', postState: main.state });
    expect(post.code, post.stdout).toBe(0);
    expect(post.files.state).not.toBe(main.files.state);
    // the runner discards outputs set in post (ExecutionContext.cs); act files them under the step
    expect(post.outputs).toEqual(client === 'runner' ? {} : { late: '1' });
  });

  it('a new GITHUB_ENV per step; what it wrote is in the next steps\' environment (act set-env-new-env-file-per-step)', async () => {
    const files = await newRunnerFiles();
    const write = (value: string) => `check(fs.readFileSync(env.GITHUB_ENV, 'utf8') === '', 'a new env file'); fs.writeFileSync(env.GITHUB_ENV, 'MY_ENV=${value}\\n');`;
    expect((await step(client, files, await script('env-1', `check(env.MY_ENV === undefined, 'unset'); ${write('test2')}`))).code).toBe(0);
    const second = await step(client, files, await script('env-2', `check(env.MY_ENV === 'test2', 'MY_ENV ' + env.MY_ENV); ${write('returnedenv')}`));
    expect(second.code, second.stdout).toBe(0);
    const third = await step(client, files, await script('env-3', `check(env.MY_ENV === 'returnedenv', 'MY_ENV ' + env.MY_ENV);`));
    expect(third.code, third.stdout).toBe(0);
  });

  it('GITHUB_ENV is in the env context of a later step\'s condition (act GITHUB_ENV-use-in-env-ctx), post-if included', async () => {
    const files = await newRunnerFiles();
    const first = await step(client, files, await script('ctx', `fs.writeFileSync(env.GITHUB_ENV, 'MYGLOBALENV1=myglobalval1\\nSHIPSHAPE_POST=<${client === 'act' ? '0' : '__shipshape_shipshape'}:skip>\\n');`));
    expect(first.code).toBe(0);
    // action.yml's post-if reads SHIPSHAPE_POST from the env context: a `skip` written by the step holds it off
    expect(await postRuns({ client }, first)).toBe(false);
  });
});

describe('file parsers (act environment-files, environment-files-parser-bug)', () => {
  const fixture = ['test<<World', 'x=Thats really Weird', 'World', 'KEY=value=anothervalue', 'KEY2<<EOF', 'value2', 'EOF',
    'KEY3<<ghadelimiter_b8273c6d-d535-419a-a010-b0aaac240e36', 'value3', 'ghadelimiter_b8273c6d-d535-419a-a010-b0aaac240e36', ''].join('\n');
  const expected = { test: 'x=Thats really Weird', KEY: 'value=anothervalue', KEY2: 'value2', KEY3: 'value3' };
  it.each([['runner', parseRunnerFile], ['act', parseActFile]] as const)('%s reads the fixtures alike', (_, parse) => {
    expect(parse(fixture)).toEqual({ values: expected });
  });

  it('a file that fails to parse: the runner keeps the entries before the error, act drops the whole file', () => {
    const broken = 'a=1\nnot an entry\nb=2\n';
    expect(parseRunnerFile(broken)).toEqual({ values: { a: '1' }, error: "Invalid format 'not an entry'" });
    expect(parseActFile(broken).values).toEqual({});
    expect(parseActFile(broken).error).toMatch(/expected a line with '=' or '<<'/);
    expect(parseActFile('k<<EOF\nv\n').values).toEqual({});
    expect(parseRunnerFile('k<<EOF\nv\n').error).toMatch(/Matching delimiter not found/);
  });

  it('the runner skips empty lines, act fails on them; act drops a value\'s leading empty lines', () => {
    expect(parseRunnerFile('a=1\n\nb=2\n').values).toEqual({ a: '1', b: '2' });
    expect(parseActFile('a=1\n\nb=2\n').values).toEqual({});
    expect(parseRunnerFile('k<<D\n\nx\nD\n').values).toEqual({ k: '\nx' });
    expect(parseActFile('k<<D\n\nx\nD\n').values).toEqual({ k: 'x' });
  });
});

describe('GITHUB_ACTION', () => {
  it('the runner: the id, else __<owner>_<repo> with the path dropped, _2 for a repeat, __self for uses: ./', () => {
    expect(runnerStepNames([
      { uses: 'shipshape/shipshape@v1' },
      { uses: 'shipshape/shipshape/deploy@v1' },
      { uses: './' },
      { uses: './deploy' },
      { id: 'ship', uses: 'shipshape/shipshape@v1' },
      { uses: 'actions/checkout@v4' },
    ])).toEqual(['__shipshape_shipshape', '__shipshape_shipshape_2', '__self', '__self_2', 'ship', '__actions_checkout']);
    // an explicit id takes its name first; the generated one moves on
    expect(runnerStepNames([{ uses: 'a/b@v1' }, { id: '__a_b', uses: 'a/b@v1' }])).toEqual(['__a_b_2', '__a_b']);
  });

  it('act: the id, else the step\'s index', () => {
    expect(actStepNames([{ uses: 'actions/checkout@v4' }, { uses: 'shipshape/shipshape@v1' }, { id: 'ship', uses: './' }])).toEqual(['0', '1', 'ship']);
  });

  it.each<Client>(['runner', 'act'])('%s: main and post get the same GITHUB_ACTION, and act its ACT, GITHUB_RUN_ID markers', async (client) => {
    const files = await newRunnerFiles();
    const file = await script(`name-${client}`, `fs.appendFileSync(env.GITHUB_OUTPUT, 'action=' + env.GITHUB_ACTION + '\\nact=' + (env.ACT ?? '') + '\\nrun=' + (env.GITHUB_RUN_ID ?? '') + '\\n'); fs.writeFileSync(env.GITHUB_STATE, 'action=' + env.GITHUB_ACTION + '\\n'); if (env.STATE_action) check(env.STATE_action === env.GITHUB_ACTION, 'post: ' + env.GITHUB_ACTION);`);
    const main = await step(client, files, file);
    expect(main.outputs).toEqual(client === 'act' ? { action: '0', act: 'true', run: '1' } : { action: '__shipshape_shipshape', act: '', run: '' });
    const post = await step(client, files, file, { postState: main.state });
    expect(post.code, post.stdout).toBe(0);
  });
});

describe('a state file that fails to parse, handed to post', () => {
  it.each([['runner', { kept: 'yes' }], ['act', {}]] as const)('%s hands over %j', async (client, handed) => {
    const files = await newRunnerFiles();
    const main = await step(client, files, await script(`broken-${client}`, `fs.writeFileSync(env.GITHUB_STATE, 'kept=yes\\nno entry here\\nlost=yes\\n');`));
    expect(main.state).toEqual(handed);
    expect(main.stateError).toBeDefined();
    const post = await step(client, files, await script(`broken-post-${client}`, `check(env.STATE_kept === ${client === 'runner' ? "'yes'" : 'undefined'} && env.STATE_lost === undefined, 'STATE_kept ' + env.STATE_kept);`), { postState: main.state });
    expect(post.code, post.stdout).toBe(0);
  });
});
