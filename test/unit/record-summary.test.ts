import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubContext, recordSource, runUrl } from '../../src/record/context.js';
import { RECORD_SCHEMA, type BuildRecord } from '../../src/record/record.js';
import { writeSummary } from '../../src/github/job-summary.js';
import { formatBytes, renderSummary } from '../../src/record/summary.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-summary-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function record(overrides: Partial<BuildRecord> = {}): BuildRecord {
  return {
    schema: RECORD_SCHEMA,
    id: '0mws7yyri5122ijd6pg',
    kind: 'deploy',
    status: 'succeeded',
    source: 'push',
    started_at: '2026-11-22T19:00:00.000Z',
    finished_at: '2026-11-22T19:00:42.500Z',
    exit_code: 0,
    github: { repository: 'acme/web' },
    build: {
      image: '127.0.0.1:5000/acme/web',
      fingerprint: 'fp-3c1e0a9b',
      cache_hit: false,
      index_digest: 'sha256:' + 'a'.repeat(64),
      manifests: { 'linux/amd64': 'sha256:' + 'b'.repeat(64), 'linux/arm64': 'sha256:' + 'c'.repeat(64) },
      push: { pushed: 4, mounted: 2, skipped: 1, bytes_sent: 3 * 1024 * 1024 + 512 * 1024 },
      tags: ['127.0.0.1:5000/acme/web:latest'],
    },
    deploy: {
      host: 'ssh://root@127.0.0.1:2222', engine_version: '27.5.1', app: 'web',
      from: { color: 'blue', digest: 'sha256:' + 'd'.repeat(64) },
      to: { color: 'green', digest: 'sha256:' + 'a'.repeat(64) },
    },
    timings: { soak: 10_000, fingerprint: 120, push: 2_400, custom_phase: 5 },
    ...overrides,
  };
}

describe('renderSummary', () => {
  it('has a heading and a row for image, digest, platforms, fingerprint, cache hit, bytes, deploy, durations and the artifact link', () => {
    const md = renderSummary(record(), { name: 'shipshape-record-0mws7yyri5122ijd6pg', url: 'https://github.com/acme/web/actions/runs/1/artifacts/9' });
    expect(md).toContain('## shipshape deploy succeeded');
    expect(md).toContain('| Image | `127.0.0.1:5000/acme/web` |');
    expect(md).toContain(`| Digest | \`sha256:${'a'.repeat(64)}\` |`);
    expect(md).toContain(`| Platforms | linux/amd64 \`sha256:bbbbbbbbbbbb\`<br>linux/arm64 \`sha256:cccccccccccc\` |`);
    expect(md).toContain('| Fingerprint | `fp-3c1e0a9b` |');
    expect(md).toContain('| Cache hit | no |');
    expect(md).toContain('| Bytes pushed | 3.5 MiB (4 blobs pushed, 2 mounted, 1 already there) |');
    expect(md).toContain('| Deploy | blue `sha256:dddddddddddd` → green `sha256:aaaaaaaaaaaa` — app `web` on `ssh://root@127.0.0.1:2222` |');
    // known phases in pipeline order, then the rest
    expect(md).toContain('| Duration | fingerprint 120 ms · push 2.4 s · soak 10.0 s · custom_phase 5 ms |');
    expect(md).toContain('| Total | 42.5 s |');
    expect(md).toContain('| Record | [shipshape-record-0mws7yyri5122ijd6pg](https://github.com/acme/web/actions/runs/1/artifacts/9) |');
    expect(md).not.toContain('**Error**');
  });

  it('names the attached SBOMs (package count per platform) and the provenance with their digests', () => {
    const build = record().build!;
    const md = renderSummary(
      record({
        build: {
          ...build,
          attestations: {
            mode: 'tag-schema',
            pushed: 3,
            sbom: { 'linux/amd64': { digest: 'sha256:' + 'e'.repeat(64), subject: 'sha256:' + 'b'.repeat(64), packages: 42 }, 'linux/arm64': { digest: 'sha256:' + 'f'.repeat(64), subject: 'sha256:' + 'c'.repeat(64), packages: 41 } },
            provenance: { digest: 'sha256:' + '1'.repeat(64), subject: 'sha256:' + 'a'.repeat(64) },
          },
        },
      }),
      undefined,
    );
    expect(md).toContain('| SBOM (SPDX 2.3) | linux/amd64: 42 packages `sha256:eeeeeeeeeeee`<br>linux/arm64: 41 packages `sha256:ffffffffffff`<br>tag-schema |');
    expect(md).toContain(`| Provenance (SLSA v1) | \`sha256:${'1'.repeat(64)}\` · tag-schema |`);
  });

  it('shows the error on failure, fenced so markdown in it stays inert, and a record that was not uploaded', () => {
    const error = 'push failed: ```inject``` | <script>alert(1)</script>';
    const md = renderSummary(record({ status: 'failed', error, deploy: undefined, build: { cache_hit: true } }), { name: 'shipshape-record-x' });
    expect(md).toContain('## shipshape deploy failed');
    expect(md).toContain('**Error**\n\n````text\n' + error + '\n````');
    expect(md).toContain('| Cache hit | yes (build and push skipped) |');
    expect(md).toContain('| Record | shipshape-record-x (not uploaded) |');
    expect(md).not.toContain('| Deploy |');
  });

  it('keeps table cells in one cell', () => {
    const md = renderSummary(record({ build: { image: 'a|b\n<i>' }, deploy: undefined, timings: {} }), undefined);
    expect(md).toContain('| Image | `a\\|b &lt;i&gt;` |');
    expect(md).not.toContain('| Duration |');
    expect(md).not.toContain('| Record |');
  });

  it('formats byte counts', () => {
    expect([0, 1023, 1024, 5 * 1024 ** 3].map(formatBytes)).toEqual(['0 B', '1023 B', '1.0 KiB', '5.0 GiB']);
  });
});

describe('writeSummary', () => {
  it('appends to GITHUB_STEP_SUMMARY', async () => {
    const file = join(dir, 'step-summary.md');
    await writeFile(file, 'earlier step\n');
    expect(await writeSummary(record(), undefined, { GITHUB_STEP_SUMMARY: file })).toBe(true);
    const text = await readFile(file, 'utf8');
    expect(text.startsWith('earlier step\n## shipshape deploy succeeded')).toBe(true);
  });

  it('does nothing and does not throw when GITHUB_STEP_SUMMARY is absent', async () => {
    expect(await writeSummary(record(), undefined, {})).toBe(false);
  });
});

describe('record context', () => {
  it('reads the GitHub context, leaving out what is unset', () => {
    const env = { GITHUB_REPOSITORY: 'acme/web', GITHUB_RUN_ID: '5', GITHUB_SERVER_URL: 'https://ghe.example.com/', GITHUB_SHA: ' ' };
    expect(githubContext(env)).toEqual({ repository: 'acme/web', run_id: '5', run_url: 'https://ghe.example.com/acme/web/actions/runs/5' });
    expect(runUrl({ GITHUB_REPOSITORY: 'acme/web', GITHUB_RUN_ID: '5' })).toBe('https://github.com/acme/web/actions/runs/5');
    expect(runUrl({ GITHUB_REPOSITORY: 'acme/web' })).toBeUndefined();
  });

  it('names the source: act, else the event, else local', () => {
    expect(recordSource({ ACT: 'true', GITHUB_EVENT_NAME: 'push' })).toBe('act');
    expect(recordSource({ GITHUB_EVENT_NAME: 'workflow_call' })).toBe('workflow_call');
    expect(recordSource({ ACT: 'false' })).toBe('local');
    expect(recordSource({})).toBe('local');
  });
});

describe('summary: routes on the host proxy (issue 12)', () => {
  const route = (notAfter: string) =>
    record({
      deploy: {
        host: 'ssh://root@127.0.0.1:2222', engine_version: '27.5.1', app: 'web',
        route: { hosts: ['a.test', 'www.a.test'], path_prefix: '/api', tls: 'provided', url: 'https://a.test/api', proxy: 'shipshape-host-proxy', reloaded: true, certificate: { names: ['a.test', 'www.a.test'], not_after: notAfter } },
      },
    });
  it('shows hosts with prefix, TLS mode and the certificate expiry; warns under 14 days', () => {
    const far = renderSummary(route('2027-02-01T00:00:00.000Z'), undefined);
    expect(far).toContain('| Route | `a.test/api` `www.a.test/api` · TLS provided<br>certificate for a.test, www.a.test until 2027-02-01T00:00:00.000Z |');
    const near = renderSummary(route('2026-11-30T19:00:00.000Z'), undefined);
    expect(near).toContain('until 2026-11-30T19:00:00.000Z ⚠️ 7 days left |');
  });
  it('lists what a remove deleted', () => {
    const r = record({ deploy: { host: 'h', engine_version: '', app: 'web', removed: ['web-blue', 'volume shipshape-state-web'] } });
    expect(renderSummary(r, undefined)).toContain('| Removed | `web-blue`<br>`volume shipshape-state-web` |');
  });
});
