import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newRecordId, recordIdTime, RecordWriter, RECORD_SCHEMA, settleRecord } from '../../src/record/record.js';
import { scrubString, scrubValue } from '../../src/record/scrub.js';
import { renderSummary } from '../../src/record/summary.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-record-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('newRecordId', () => {
  it('is fixed-width lowercase base36 with the time first', () => {
    const now = Date.UTC(2026, 10, 22, 19, 0, 0);
    const id = newRecordId(now);
    expect(id).toMatch(/^[0-9a-z]{19}$/);
    expect(recordIdTime(id)).toBe(now);
  });

  it('sorts by creation time, also within one millisecond and across digit-count changes', () => {
    const times = [0, 35, 36, 1_000, 1_700_000_000_000, 1_700_000_000_000, 1_700_000_000_000, 1_800_000_000_001];
    const ids = times.map((t) => newRecordId(t));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('does not repeat over many ids made at once', () => {
    const ids = Array.from({ length: 5_000 }, () => newRecordId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('rejects a bad time', () => {
    expect(() => newRecordId(-1)).toThrow(/invalid time -1/);
  });
});

describe('RecordWriter', () => {
  it('writes the record as running at once, with the GitHub context and source', async () => {
    const env = {
      GITHUB_EVENT_NAME: 'push', GITHUB_REPOSITORY: 'acme/web', GITHUB_SHA: 'abc123', GITHUB_REF: 'refs/heads/main',
      GITHUB_WORKFLOW: 'ci', GITHUB_JOB: 'build', GITHUB_RUN_ID: '77', GITHUB_RUN_ATTEMPT: '2', GITHUB_ACTOR: 'octo',
      GITHUB_SERVER_URL: 'https://github.com',
    };
    const writer = await RecordWriter.start(dir, 'build', env, []);
    expect(writer.path).toBe(join(dir, writer.id, 'record.json'));
    const onDisk = JSON.parse(await readFile(writer.path, 'utf8'));
    expect(onDisk).toEqual(writer.record);
    expect(onDisk).toMatchObject({
      schema: RECORD_SCHEMA, id: writer.id, kind: 'build', status: 'running', source: 'push', timings: {},
      github: {
        repository: 'acme/web', sha: 'abc123', ref: 'refs/heads/main', workflow: 'ci', job: 'build', run_id: '77',
        run_attempt: '2', actor: 'octo', run_url: 'https://github.com/acme/web/actions/runs/77',
      },
    });
    expect(Date.parse(onDisk.started_at)).toBeGreaterThan(Date.now() - 60_000);
    expect(onDisk.finished_at).toBeUndefined();
  });

  it('detects act and local runs as the source', async () => {
    expect((await RecordWriter.start(dir, 'deploy', { ACT: 'true', GITHUB_EVENT_NAME: 'push' }, [])).record.source).toBe('act');
    const local = await RecordWriter.start(dir, 'rollback', {}, []);
    expect(local.record.source).toBe('local');
    expect(local.record.github).toEqual({});
  });

  it('applies updates in call order and times phases, also failing ones', async () => {
    const writer = await RecordWriter.start(dir, 'build', {}, []);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => writer.update((r) => {
        r.build = { ...r.build, tags: [...(r.build?.tags ?? []), `t${i}`] };
      })),
    );
    expect((await RecordWriter.load(writer.path)).build?.tags).toEqual(Array.from({ length: 20 }, (_, i) => `t${i}`));

    // An injected clock: the durations are exactly what the phases took on it, whatever the machine's load.
    let clock = 1000;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => clock);
    try {
      const value = await writer.time('layers', async () => {
        clock += 30;
        return 42;
      });
      expect(value).toBe(42);
      await expect(writer.time('push', async () => {
        clock += 10;
        throw new Error('registry said no');
      })).rejects.toThrow('registry said no');
      await writer.time('push', async () => {
        clock += 5;
      });
    } finally {
      now.mockRestore();
    }
    // a timing's write is not waited for by the phase; flush waits for every change so far
    await writer.flush();
    const timings = (await RecordWriter.load(writer.path)).timings;
    expect(timings.layers).toBe(30);
    expect(timings.push, 'the failed attempt counts too').toBe(15);
  });

  it('finishes with status, exit code and error message; resume finalizes a record left running', async () => {
    const ok = await RecordWriter.start(dir, 'build', {}, []);
    await ok.finish('succeeded');
    expect(await RecordWriter.load(ok.path)).toMatchObject({ status: 'succeeded', exit_code: 0 });
    expect((await RecordWriter.load(ok.path)).error).toBeUndefined();

    const bad = await RecordWriter.start(dir, 'deploy', {}, []);
    await bad.finish('failed', new Error('health check failed: GET / answered 503'));
    expect(await RecordWriter.load(bad.path)).toMatchObject({ status: 'failed', exit_code: 1, error: 'health check failed: GET / answered 503' });

    const left = await RecordWriter.start(dir, 'deploy', {}, []);
    await left.update((r) => {
      r.timings.pull = 12;
    });
    const post = await RecordWriter.resume(left.path, []);
    expect(post.id).toBe(left.id);
    await post.finish('canceled', 'the job was canceled');
    const final = await RecordWriter.load(left.path);
    expect(final).toMatchObject({ status: 'canceled', error: 'the job was canceled', timings: { pull: 12 } });
    expect(final.exit_code).toBeUndefined();
    expect(Date.parse(final.finished_at!)).toBeGreaterThanOrEqual(Date.parse(final.started_at));

    const died = await RecordWriter.resume(left.path, []);
    await died.finish('failed', 'main step died', -1);
    expect((await RecordWriter.load(left.path)).exit_code).toBe(-1);
  });

  it('refuses to load what is not a v1 record, naming the file', async () => {
    const other = join(dir, 'other.json');
    await writeFile(other, JSON.stringify({ schema: 'something/v9' }));
    await expect(RecordWriter.load(other)).rejects.toThrow(`build record ${other} has schema "something/v9", expected ${RECORD_SCHEMA}`);
    await writeFile(other, '{"schema": "shipshape.rec');
    await expect(RecordWriter.load(other)).rejects.toThrow(/is not readable JSON/);
  });
});

describe('scrubbing', () => {
  const password = 'hunter2-registry-pass';
  const dbUrl = 'postgres://app:s3cret@db/app';
  const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU\nAAAAtzc2gtZWQyNTUxOQAAACBsecret\n-----END OPENSSH PRIVATE KEY-----';
  const secrets = [password, dbUrl, key, ''];

  it('replaces every secret, and each line of a multi-line one, anywhere in the record', async () => {
    const writer = await RecordWriter.start(dir, 'deploy', { GITHUB_ACTOR: `actor-${password}` }, secrets);
    await writer.update((r) => {
      r.build = { image: `registry/${password}/web`, tags: [dbUrl], manifests: { [password]: 'sha256:1' } };
      r.deploy = { host: 'ssh://root@127.0.0.1:2222', engine_version: '27', app: 'web', env_names: ['DATABASE_URL'], rollback_reason: key.split('\n')[1] };
    });
    await writer.finish('failed', new Error(`login failed for ${password} with key ${key}`));
    const text = await readFile(writer.path, 'utf8');
    const summary = renderSummary(writer.record, { name: `shipshape-record-${writer.id}` });
    for (const secret of [password, dbUrl, key, ...key.split('\n').slice(1, 3)]) {
      expect(text).not.toContain(secret);
      expect(JSON.stringify(writer.record)).not.toContain(secret);
      expect(summary).not.toContain(secret);
    }
    const record = JSON.parse(text);
    expect(record.github.actor).toBe('actor-***');
    expect(record.build.image).toBe('registry/***/web');
    expect(record.build.tags).toEqual(['***']);
    expect(Object.keys(record.build.manifests)).toEqual(['***']);
    expect(record.deploy.env_names).toEqual(['DATABASE_URL']);
    expect(record.deploy.rollback_reason).toBe('***');
    expect(record.error).toBe('login failed for *** with key ***');
  });

  it('replaces the longest secret first and leaves values without secrets alone', () => {
    expect(scrubString('token abcdef and abc', ['abc', 'abcdef'])).toBe('token *** and ***');
    const value = { a: 1, b: [true, null, 'plain'], c: { d: 'x' } };
    expect(scrubValue(value, ['zzz'])).toEqual(value);
    expect(scrubValue(value, [])).not.toBe(value);
  });
});

describe('atomic writes', () => {
  // A child process rewrites a ~1 MB record as fast as it can while this process reads it; then the child
  // is killed with SIGKILL mid-stream. Every read, and the file after the crash, must be a complete record.
  it('never exposes a partial record, even when the writer is killed mid-write', async () => {
    const recordModule = resolve('src/record/record.ts');
    const script = join(dir, 'writer-child.mts');
    await writeFile(
      script,
      `import { RecordWriter } from ${JSON.stringify(recordModule)};
const writer = await RecordWriter.start(${JSON.stringify(join(dir, 'crash'))}, 'build', {}, []);
const rewrite = (i: number) => writer.update((r) => { r.build = { tags: Array.from({ length: 20000 }, (_, j) => 'tag-' + i + '-' + j) }; r.timings.n = i; });
await rewrite(0);
console.log(writer.path);
for (let i = 1; ; i++) await rewrite(i);
`,
    );
    // Node itself with tsx's loader, not the tsx wrapper: SIGKILL must reach the writer, not a parent that
    // would leave it rewriting in the background.
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const path = await new Promise<string>((done, fail) => {
      child.stdout.once('data', (d) => done(String(d).trim()));
      child.once('exit', (code) => fail(new Error(`writer child exited ${code}: ${stderr}`)));
    });
    let reads = 0;
    let lastN = -1;
    const deadline = Date.now() + 4_000;
    while (Date.now() < deadline && reads < 300) {
      const record = await RecordWriter.load(path);
      expect(record.build?.tags).toHaveLength(20000);
      lastN = record.timings.n ?? -1;
      reads++;
    }
    child.kill('SIGKILL');
    await new Promise((done) => child.once('exit', done));
    const after = await RecordWriter.load(path);
    expect(after.build?.tags).toHaveLength(20000);
    expect(after.timings.n).toBeGreaterThanOrEqual(lastN);
    expect(lastN).toBeGreaterThan(0); // the child really was rewriting while we read
    const names = await readdir(join(path, '..'));
    expect(names.filter((n) => !n.endsWith('.tmp'))).toEqual(['record.json']);
  });
});

describe('settleRecord (post step)', () => {
  it('marks a record left running as canceled, or failed with exit code -1 when main died', async () => {
    const canceled = await RecordWriter.start(dir, 'deploy', {}, []);
    expect(await settleRecord(canceled.path, [], 'canceled')).toMatchObject({ status: 'canceled', error: expect.stringContaining('canceled') });
    expect((await RecordWriter.load(canceled.path)).status).toBe('canceled');

    const died = await RecordWriter.start(dir, 'build', {}, []);
    expect(await settleRecord(died.path, [], 'died')).toMatchObject({ status: 'failed', exit_code: -1 });
  });

  it('leaves a finished record alone and ignores a missing one', async () => {
    const done = await RecordWriter.start(dir, 'build', {}, []);
    await done.finish('succeeded');
    const before = await readFile(done.path, 'utf8');
    expect(await settleRecord(done.path, [], 'canceled')).toBeUndefined();
    expect(await readFile(done.path, 'utf8')).toBe(before);
    expect(await settleRecord(join(dir, 'nope', 'record.json'), [], 'died')).toBeUndefined();
  });
});
