// The real @actions/artifact and @actions/cache code against the local GitHub services server.
import { DefaultArtifactClient } from '@actions/artifact';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { restoreBlobCache, saveBlobCache } from '../../src/github/actions-cache.js';
import type { Logger } from '../../src/log.js';
import { uploadRecord } from '../../src/github/record-artifact.js';
import { RecordWriter } from '../../src/record/record.js';
import { startGithubServices, type GithubServices } from '../support/github-services.js';
import { runOk } from '../support/process.js';

const SERVICE_VARS = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL', 'ACTIONS_CACHE_URL', 'ACTIONS_CACHE_SERVICE_V2', 'GITHUB_SERVER_URL', 'ACT'];

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`info: ${m}`), warning: (m) => lines.push(`warning: ${m}`), debug: () => {} };
}

/** Puts the services' variables into process.env (the cache library reads nothing else) until the returned undo. */
function useServiceEnv(env: Record<string, string>): () => void {
  const saved = SERVICE_VARS.map((key) => [key, process.env[key]] as const);
  for (const key of SERVICE_VARS) delete process.env[key];
  Object.assign(process.env, env);
  return () => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/`;
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'shipshape-ghsvc-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('record artifact upload (artifact v4 Twirp + blob upload)', () => {
  let services: GithubServices;
  beforeAll(async () => {
    services = await startGithubServices();
  });
  afterAll(async () => services.close());

  async function newRecord(): Promise<RecordWriter> {
    const writer = await RecordWriter.start(join(work, 'records'), 'build', { GITHUB_EVENT_NAME: 'push' }, []);
    await writer.update((r) => {
      r.build = { image: '127.0.0.1:5000/record/web', fingerprint: 'fp-test' };
    });
    await writer.finish('succeeded');
    return writer;
  }

  it('uploads shipshape-record-<id> as a zip holding record.json, with the retention asked for', async () => {
    const writer = await newRecord();
    const logger = recordingLogger();
    const env = { ...services.env, GITHUB_REPOSITORY: 'acme/web', GITHUB_RUN_ID: '4242' };
    const result = await uploadRecord(writer.path, writer.id, 7, logger, env);
    expect(result.reason).toBeUndefined();
    expect(result.uploaded).toBe(true);
    expect(result.url).toBe(`https://github.com/acme/web/actions/runs/4242/artifacts/${result.artifactId}`);

    const stored = services.artifacts().find((a) => a.id === result.artifactId)!;
    expect(stored.name).toBe(`shipshape-record-${writer.id}`);
    expect(stored.mimeType).toBe('application/zip');
    const days = (Date.parse(stored.expiresAt!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);

    const zipPath = join(work, `${writer.id}.zip`);
    await writeFile(zipPath, stored.bytes);
    expect((await runOk('unzip', ['-Z1', zipPath])).trim()).toBe('record.json');
    const unzipped = JSON.parse(await runOk('unzip', ['-p', zipPath, 'record.json']));
    expect(unzipped).toEqual(await RecordWriter.load(writer.path));
    expect(unzipped.status).toBe('succeeded');
  });

  it('leaves the retention to the repository when none is given, and download-artifact code gets it back', async () => {
    const writer = await newRecord();
    const result = await uploadRecord(writer.path, writer.id, undefined, recordingLogger(), services.env);
    expect(result.uploaded).toBe(true);
    expect(result.url).toBeUndefined(); // no GITHUB_REPOSITORY/GITHUB_RUN_ID: no run page to link
    expect(services.artifacts().find((a) => a.id === result.artifactId)!.expiresAt).toBeUndefined();

    const undo = useServiceEnv(services.env);
    try {
      const into = join(work, `download-${writer.id}`);
      await new DefaultArtifactClient().downloadArtifact(result.artifactId!, { path: into });
      expect(JSON.parse(await readFile(join(into, 'record.json'), 'utf8')).id).toBe(writer.id);
    } finally {
      undo();
    }
  });

  it('reports uploaded:false with a reason, never throws, when the service is absent or unreachable', async () => {
    const writer = await newRecord();
    const logger = recordingLogger();
    const resultsUrlBefore = process.env.ACTIONS_RESULTS_URL;
    const local = await uploadRecord(writer.path, writer.id, 3, logger, { PATH: process.env.PATH });
    expect(local).toEqual({ uploaded: false, reason: expect.stringContaining('ACTIONS_RUNTIME_TOKEN') });

    const refusedEnv = { ...services.env, ACTIONS_RESULTS_URL: await closedPortUrl() };
    const started = Date.now();
    const stdout = vi.spyOn(process.stdout, 'write');
    const refused = await uploadRecord(writer.path, writer.id, 3, logger, refusedEnv);
    const printed = stdout.mock.calls.map((call) => String(call[0])).join('');
    stdout.mockRestore();
    expect(refused.uploaded).toBe(false);
    expect(refused.reason).toMatch(/not reachable \(ECONNREFUSED\); under act, pass --artifact-server-path/);
    expect(printed).not.toContain('::warning::'); // no library retry/warning noise for an absent server
    expect(Date.now() - started).toBeLessThan(10_000);

    const ghes = await uploadRecord(writer.path, writer.id, 3, logger, { ...services.env, GITHUB_SERVER_URL: 'https://ghes.example.com' });
    expect(ghes).toEqual({ uploaded: false, reason: expect.stringContaining('GitHub Enterprise Server') });
    expect(process.env.ACTIONS_RESULTS_URL).toBe(resultsUrlBefore); // the library's variables were put back
  });
});

async function fillBlobDir(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {
    'blobs/sha256/aa11': 'layer one '.repeat(1000),
    'blobs/sha256/bb22': 'layer two',
    'index.json': '{"blobs":2}',
  };
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return files;
}

async function expectFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) expect(await readFile(join(dir, name), 'utf8')).toBe(text);
}

for (const cacheService of ['v1', 'v2'] as const) {
  describe(`blob cache persistence through the Actions cache (${cacheService})`, () => {
    let services: GithubServices;
    let undo: () => void;
    beforeAll(async () => {
      services = await startGithubServices({ cacheService });
      undo = useServiceEnv(services.env);
    });
    afterAll(async () => {
      undo();
      await services.close();
    });

    it('saves a directory, then restores it by key and by restore-key prefix', async () => {
      const dir = join(work, `blob-cache-${cacheService}`);
      const files = await fillBlobDir(dir);
      const logger = recordingLogger();
      expect(await saveBlobCache(dir, `shipshape-blobs-${cacheService}-1`, logger)).toEqual({ saved: true });
      expect(services.caches().map((c) => [c.key, c.service])).toEqual([[`shipshape-blobs-${cacheService}-1`, cacheService]]);

      await rm(dir, { recursive: true });
      const exact = await restoreBlobCache(dir, `shipshape-blobs-${cacheService}-1`, [], logger);
      expect(exact).toEqual({ hit: true, matchedKey: `shipshape-blobs-${cacheService}-1` });
      await expectFiles(dir, files);

      await rm(dir, { recursive: true });
      const prefix = await restoreBlobCache(dir, `shipshape-blobs-${cacheService}-2`, [`shipshape-blobs-${cacheService}-`], logger);
      expect(prefix).toEqual({ hit: true, matchedKey: `shipshape-blobs-${cacheService}-1` });
      await expectFiles(dir, files);

      const again = await saveBlobCache(dir, `shipshape-blobs-${cacheService}-1`, logger);
      expect(again.saved).toBe(false);
      expect(services.caches()).toHaveLength(1);

      const miss = await restoreBlobCache(join(work, `empty-${cacheService}`), 'other-key', [], logger);
      expect(miss.hit).toBe(false);
      expect(await readdir(join(work, `empty-${cacheService}`))).toEqual([]);
    });
  });
}

describe('blob cache with an unreachable cache service (server down)', () => {
  let undo: () => void;
  beforeAll(async () => {
    const closed = await closedPortUrl();
    undo = useServiceEnv({ ACTIONS_CACHE_URL: closed, ACTIONS_RESULTS_URL: closed, ACTIONS_RUNTIME_TOKEN: 'x.y.z' });
  });
  afterAll(() => undo());

  it('misses and fails to save without throwing, leaving the local directory', async () => {
    const dir = join(work, 'blob-cache-unreachable');
    const files = await fillBlobDir(dir);
    const logger = recordingLogger();
    expect((await restoreBlobCache(dir, 'shipshape-blobs-unreachable', [], logger)).hit).toBe(false);
    expect((await saveBlobCache(dir, 'shipshape-blobs-unreachable', logger)).saved).toBe(false);
    await expectFiles(dir, files);
  }, 60_000);
});

describe('blob cache under act with an artifact server and no cache server', () => {
  let services: GithubServices;
  let undo: () => void;
  beforeAll(async () => {
    services = await startGithubServices();
    // act's layout (run_context.go): ACTIONS_RESULTS_URL = ACTIONS_RUNTIME_URL = the artifact server, ACT=true;
    // `--no-cache-server` leaves ACTIONS_CACHE_URL unset.
    const { ACTIONS_CACHE_URL: _cacheUrl, ...env } = services.env;
    undo = useServiceEnv({ ...env, ACTIONS_RUNTIME_URL: env.ACTIONS_RESULTS_URL, ACT: 'true' });
  });
  afterAll(async () => {
    undo();
    delete process.env.ACTIONS_RUNTIME_URL;
    await services.close();
  });

  it('uses the local directory quietly: no warning, no request to the artifact server for caches', async () => {
    const dir = join(work, 'blob-cache-act');
    const files = await fillBlobDir(dir);
    const logger = recordingLogger();
    const restored = await restoreBlobCache(dir, 'shipshape-blobs-act', ['shipshape-blobs-'], logger);
    expect(restored).toEqual({ hit: false, noService: true, reason: expect.stringMatching(/^act without its cache server .*local blob cache directory alone serves/) });
    expect(await saveBlobCache(dir, 'shipshape-blobs-act', logger)).toEqual({ saved: false, reason: restored.reason });
    expect(logger.lines).toEqual([`info: ${restored.reason}`]);
    expect(services.requests()).toEqual([]);
    await expectFiles(dir, files);
  });
});

describe('blob cache without a cache service (local runs)', () => {
  let undo: () => void;
  beforeAll(() => {
    undo = useServiceEnv({});
  });
  afterAll(() => undo());

  it('keeps the local directory as the only cache and says so, without throwing', async () => {
    const dir = join(work, 'blob-cache-local');
    const files = await fillBlobDir(dir);
    const logger = recordingLogger();
    const restored = await restoreBlobCache(dir, 'shipshape-blobs-local', [], logger);
    expect(restored.hit).toBe(false);
    expect(restored.noService, 'nothing to save to either: main leaves the post step no cache').toBe(true);
    expect(restored.reason).toMatch(/local blob cache directory alone serves/);
    await expectFiles(dir, files);
    const saved = await saveBlobCache(dir, 'shipshape-blobs-local', logger);
    expect(saved).toEqual({ saved: false, reason: restored.reason });
    expect(logger.lines).toEqual([`info: ${restored.reason}`]);
  });
});
