import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { claimPost, POST_ENV, releasePost } from '../../src/github/post-skip.js';
import { readActionMetadata } from '../support/action-metadata.js';
import { postIfHolds } from '../support/post-if.js';
import { parseCommandFile } from '../support/run-action.js';

// A job's shipshape steps as the runner sees them: each main appends to GITHUB_ENV (applied when the
// step ends), and at the job's end each post step's post-if is evaluated against the job's env.
let envFile: string;
let jobEnv: Record<string, string>;

beforeEach(async () => {
  envFile = path.join(await mkdtemp(path.join(os.tmpdir(), 'post-skip-')), 'env');
  jobEnv = {};
});
afterEach(() => vi.unstubAllEnvs());

/** One main step named `name`; `work`: whether it leaves its post step something; `dies`: it never reaches its end. */
async function main(name: string, opts: { work: boolean; dies?: boolean }): Promise<void> {
  await writeFile(envFile, '');
  vi.stubEnv('GITHUB_ENV', envFile);
  vi.stubEnv('GITHUB_ACTION', name);
  vi.stubEnv(POST_ENV, jobEnv[POST_ENV]);
  const claim = claimPost();
  if (!opts.dies && !opts.work) releasePost(claim);
  vi.unstubAllEnvs();
  Object.assign(jobEnv, parseCommandFile(await readFile(envFile, 'utf8')));
}

const conditions = Promise.all(['action.yml', 'deploy/action.yml'].map(async (f) => String((await readActionMetadata(f)).runs?.['post-if'])));

async function postRuns(name: string): Promise<boolean[]> {
  return (await conditions).map((c) => postIfHolds(c, jobEnv, name, { failed: false, cancelled: false }));
}

describe("post-if and main's SHIPSHAPE_POST entries", () => {
  it('skips the post step of a main that left it nothing, and only that one', async () => {
    await main('build', { work: false });
    await main('deploy', { work: true });
    expect(await postRuns('build')).toEqual([false, false]);
    expect(await postRuns('deploy')).toEqual([true, true]);
    expect(await postRuns('other')).toEqual([true, true]);
  });

  it('runs the post step of a main that died or was canceled before its end', async () => {
    await main('build', { work: false, dies: true });
    expect(await postRuns('build')).toEqual([true, true]);
  });

  it('one name used twice (a composite action run twice): once one needed its post step, it runs', async () => {
    await main('ship', { work: true });
    await main('ship', { work: false });
    expect(await postRuns('ship')).toEqual([true, true]);
    jobEnv = {};
    await main('ship', { work: false });
    await main('ship', { work: false, dies: true });
    expect(await postRuns('ship')).toEqual([true, true]);
    jobEnv = {};
    await main('ship', { work: false });
    await main('ship', { work: false });
    expect(await postRuns('ship')).toEqual([false, false]);
  });

  it('names that look alike do not match each other', async () => {
    await main('a', { work: false });
    expect(await postRuns('ab')).toEqual([true, true]);
    expect(await postRuns('__a')).toEqual([true, true]);
  });

  it('writes nothing outside a runner (no GITHUB_ACTION or GITHUB_ENV), and the post step then runs', async () => {
    vi.stubEnv('GITHUB_ACTION', '');
    vi.stubEnv('GITHUB_ENV', envFile);
    expect(claimPost()).toBeUndefined();
    vi.stubEnv('GITHUB_ACTION', 'x');
    vi.stubEnv('GITHUB_ENV', '');
    expect(claimPost()).toBeUndefined();
    expect(await postRuns('x')).toEqual([true, true]);
  });
});
