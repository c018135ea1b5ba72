import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as toolkit from '@actions/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as ours from '../../src/github/commands.js';

type Core = typeof ours;

/** What a sequence of calls writes to stdout and the command files, delimiters normalized. */
async function transcript(core: Core, calls: (core: Core) => Promise<void>, files: boolean): Promise<{ stdout: string; output: string; state: string; env: string; exitCode: unknown }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'actions-core-'));
  const output = path.join(dir, 'output');
  const state = path.join(dir, 'state');
  const env = path.join(dir, 'env');
  await writeFile(output, '');
  await writeFile(state, '');
  await writeFile(env, '');
  vi.stubEnv('GITHUB_OUTPUT', files ? output : '');
  vi.stubEnv('GITHUB_STATE', files ? state : '');
  vi.stubEnv('GITHUB_ENV', files ? env : '');
  vi.stubEnv('SHIPSHAPE_TEST_VAR', '');
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const exitCode = process.exitCode;
  let failedWith: unknown;
  try {
    await calls(core);
    failedWith = process.exitCode;
  } finally {
    spy.mockRestore();
    process.exitCode = exitCode;
    vi.unstubAllEnvs();
  }
  const norm = (t: string) => t.replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_X');
  return { stdout: norm(stdout), output: norm(await readFile(output, 'utf8')), state: norm(await readFile(state, 'utf8')), env: norm(await readFile(env, 'utf8')), exitCode: failedWith };
}

const awkward = ['plain', 'two\nlines\r\n', '100% done: a, b', '::error::not a command', '', 'ünïcode ✓'];

async function everything(core: Core): Promise<void> {
  for (const m of awkward) {
    core.info(m);
    core.debug(m);
    core.notice(m);
    core.warning(m);
    core.error(m);
    core.setSecret(m);
    core.setOutput(`out-${awkward.indexOf(m)}`, m);
    // a value act would not read back is refused (test/unit/act-runtime.test.ts); the rest is written alike
    if (!ours.stateProblem(`st-${awkward.indexOf(m)}`, m)) core.saveState(`st-${awkward.indexOf(m)}`, m);
    core.exportVariable('SHIPSHAPE_TEST_VAR', m);
    core.info(`env now ${process.env.SHIPSHAPE_TEST_VAR}`);
  }
  core.warning(new Error('an error object'));
  core.setOutput('odd:name,1%', 'v');
  core.saveState('odd:name,1%', 'v');
  core.setOutput('json', { a: [1, 'x'] } as unknown as string);
  await core.group('A group: with, punctuation\nand a line', async () => core.info('inside'));
  await core.group('failing', async () => {
    throw new Error('boom');
  }).catch(() => core.info('caught'));
  core.setFailed('it failed\nbadly');
}

afterEach(() => vi.restoreAllMocks());

describe('src/github/commands.ts writes what @actions/core writes', () => {
  it('with GITHUB_OUTPUT and GITHUB_STATE files', async () => {
    const theirs = await transcript(toolkit as unknown as Core, everything, true);
    expect(theirs.output).toContain('out-1<<ghadelimiter_X');
    expect(theirs.env).toContain('SHIPSHAPE_TEST_VAR<<ghadelimiter_X');
    expect(await transcript(ours, everything, true)).toEqual(theirs);
  });
  it('without them (the old stdout commands)', async () => {
    const theirs = await transcript(toolkit as unknown as Core, everything, false);
    expect(theirs.stdout).toContain('::set-output name=out-0::plain');
    expect(theirs.stdout).toContain('::set-env name=SHIPSHAPE_TEST_VAR::plain');
    expect(await transcript(ours, everything, false)).toEqual(theirs);
  });
  it('reads state as @actions/core does', () => {
    vi.stubEnv('STATE_isPost', 'true');
    expect(ours.getState('isPost')).toBe(toolkit.getState('isPost'));
    expect(ours.getState('absent')).toBe(toolkit.getState('absent'));
  });
});
