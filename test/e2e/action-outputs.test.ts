// The build entry as a runner runs it, for what its neighbours read: docker/metadata-action outputs as
// inputs (annotation levels), build-push-action-compatible outputs, one fingerprint = one digest across
// commits outside the context, and the summary's charts.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildRecord } from '../../src/record/schema.js';
import { startGithubServices } from '../support/github-services.js';
import { runAction, runActionWithPost, type ActionRun } from '../support/run-action.js';
import { testbed, type Testbed } from '../support/testbed.js';

const REPO = `i9-outputs/web-${Date.now().toString(36)}`;
let tb: Testbed;
let work: string;
let context: string;

const META_TAGS = () => `${tb.registries.anon}/${REPO}:main\n${tb.registries.anon}/${REPO}:sha-1234567\n`;
const META_ANNOTATIONS =
  'manifest:org.opencontainers.image.title=web-manifest-title\nmanifest:org.opencontainers.image.description=The web app\n' +
  'index:org.opencontainers.image.title=web-index-title\nmanifest-descriptor:org.example.descriptor=yes\n';

function git(...args: string[]): string {
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' };
  return execFileSync('git', ['-C', work, ...args], { env }).toString().trim();
}

function commit(message: string, at: number): string {
  git('add', '-A');
  execFileSync('git', ['-C', work, 'commit', '-q', '-m', message], {
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e', GIT_AUTHOR_DATE: `@${at} +0000`, GIT_COMMITTER_DATE: `@${at} +0000` },
  });
  return git('rev-parse', 'HEAD');
}

function shipInputs(): Record<string, string> {
  return {
      context,
      image: `${tb.registries.anon}/${REPO}`,
      tags: META_TAGS(),
      annotations: META_ANNOTATIONS,
      labels: 'org.opencontainers.image.title=web-label\norg.opencontainers.image.licenses=MIT\n',
      base: `${tb.registries.anon}/shipshape/base:1`,
      platforms: 'linux/amd64',
      'cache-dir': path.join(work, '..', `${path.basename(work)}-cache`),
  };
}

function ship(env: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({ inputs: shipInputs(), env: { GITHUB_REPOSITORY: 'acme/web', GITHUB_SERVER_URL: 'https://github.com', GITHUB_SHA: git('rev-parse', 'HEAD'), ...env } });
}

async function registryJson<T>(reference: string, accept: string): Promise<T> {
  const res = await fetch(`http://${tb.registries.anon}/v2/${REPO}/manifests/${reference}`, { headers: { accept } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

const failure = (run: ActionRun) => `exit ${run.code}\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-2000)}`;

beforeAll(async () => {
  tb = testbed();
  work = await mkdtemp(path.join(os.tmpdir(), 'i9-outputs-'));
  context = path.join(work, 'app');
  await mkdir(path.join(context, 'public'), { recursive: true });
  await writeFile(path.join(context, 'public/index.html'), '<h1>i9</h1>\n');
  await writeFile(path.join(work, 'README.md'), 'docs\n');
  git('init', '-q');
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await rm(path.join(work, '..', `${path.basename(work)}-cache`), { recursive: true, force: true });
});

describe('build entry outputs and image metadata', () => {
  let first: ActionRun;
  let appCommit: string;

  it('writes digest once, imageid = the config digest, build-push-action metadata keys, and annotations at their levels', async () => {
    appCommit = commit('app', 1_600_000_000);
    first = await ship();
    expect(first.code, failure(first)).toBe(0);
    const o = first.outputs;
    const outputFile = await readFile(first.files.output, 'utf8');
    expect(outputFile.split('\n').filter((l) => /^digest(=|<<)/.test(l))).toHaveLength(1);

    const index = await registryJson<{ manifests: { digest: string; annotations?: Record<string, string> }[]; annotations: Record<string, string> }>(o.digest, 'application/vnd.oci.image.index.v1+json');
    const manifest = await registryJson<{ config: { digest: string }; annotations: Record<string, string> }>(index.manifests[0].digest, 'application/vnd.oci.image.manifest.v1+json');
    expect(o.imageid).toBe(manifest.config.digest);
    const metadata = JSON.parse(o.metadata);
    expect(metadata).toMatchObject({
      'containerimage.digest': o.digest,
      'containerimage.config.digest': manifest.config.digest,
      'image.name': `${tb.registries.anon}/${REPO}:main,${tb.registries.anon}/${REPO}:sha-1234567`,
      revision: appCommit,
      digest: o.digest,
    });
    expect(o.tags).toBe(`${tb.registries.anon}/${REPO}:main,${tb.registries.anon}/${REPO}:sha-1234567`);

    expect(index.annotations['org.opencontainers.image.title']).toBe('web-index-title');
    expect(manifest.annotations['org.opencontainers.image.title']).toBe('web-manifest-title');
    expect(manifest.annotations['org.opencontainers.image.description']).toBe('The web app');
    expect(index.manifests[0].annotations).toEqual({ 'org.example.descriptor': 'yes' });
    for (const a of [index.annotations, manifest.annotations]) {
      expect(Object.keys(a).filter((k) => k.includes(':'))).toEqual([]);
      expect(a['org.opencontainers.image.revision']).toBe(appCommit);
      expect(a['org.opencontainers.image.created']).toBe('2020-09-13T12:26:40Z');
    }
    expect(first.summary).toContain('```mermaid\ngantt');
  });

  it('keeps fingerprint and digest over a commit outside the context, and says which commit the reused image came from', async () => {
    await writeFile(path.join(work, 'README.md'), 'more docs\n');
    const docsCommit = commit('docs', 1_700_000_000);
    const again = await ship({ GITHUB_SHA: docsCommit });
    expect(again.code, failure(again)).toBe(0);
    expect(again.outputs).toMatchObject({ 'cache-hit': 'true', fingerprint: first.outputs.fingerprint, digest: first.outputs.digest, imageid: first.outputs.imageid });
    expect(again.stdout).toContain(`reusing the image built from commit ${appCommit}`);
    const record = JSON.parse(await readFile(again.outputs['record-path'], 'utf8')) as BuildRecord;
    expect(record.build).toMatchObject({ cache_hit: true, revision: appCommit });
    expect(JSON.parse(again.outputs.metadata)).toMatchObject({ revision: appCommit, 'containerimage.config.digest': first.outputs.imageid });
  });

  it('gives a new fingerprint (and image) for an explicit SOURCE_DATE_EPOCH', async () => {
    const stamped = await ship({ SOURCE_DATE_EPOCH: '1234567890' });
    expect(stamped.code, failure(stamped)).toBe(0);
    expect(stamped.outputs['cache-hit']).toBe('false');
    expect(stamped.outputs.fingerprint).not.toBe(first.outputs.fingerprint);
    expect(stamped.outputs.digest).not.toBe(first.outputs.digest);
  });
});

describe('under act with an artifact server but no cache server', () => {
  it('uploads the record, keeps the blob cache local, and warns about nothing in main or post', async () => {
    const services = await startGithubServices();
    try {
      await writeFile(path.join(context, 'public/act.txt'), 'act\n');
      // act's layout: ACTIONS_RESULTS_URL (= ACTIONS_RUNTIME_URL) is its artifact server; its cache server is off.
      const { ACTIONS_CACHE_URL: _off, ...serviceEnv } = services.env;
      const env = { ...serviceEnv, ACTIONS_RUNTIME_URL: serviceEnv.ACTIONS_RESULTS_URL, ACT: 'true', GITHUB_REPOSITORY: 'acme/web', GITHUB_RUN_ID: '9' };
      const { main, post: skipped } = await runActionWithPost({ inputs: shipInputs(), env });
      expect(main.code, failure(main)).toBe(0);
      // nothing left for post (record uploaded, no cache to save): post-if skips it …
      expect(skipped).toBeUndefined();
      // … and where it runs anyway (a runner that does not evaluate it the same way), it does nothing
      const post = await runAction({ inputs: shipInputs(), env, files: main.files, postState: main.state });
      expect(post.code, failure(post)).toBe(0);
      expect(post.stdout).toBe('');
      for (const run of [main, post]) expect(run.stdout).not.toContain('::warning::');
      expect(main.stdout).toContain('act without its cache server');
      expect(services.artifacts().map((a) => a.name)).toEqual([`shipshape-record-${main.outputs['record-id']}`]);
      expect(services.requests().filter((r) => /artifactcache|CacheService/.test(r))).toEqual([]);
    } finally {
      await services.close();
    }
  });
});
