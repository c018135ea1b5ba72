// The bundle on the Node versions an action meets: act runs the job image's `node` (node:16 by default,
// Node 18 on catthehacker images before 2026-01-24). Below 20.16 the step fails at once with one line
// saying which Node it found and how to run under act, and its post step ends quietly; on 20 and 24 it
// builds, the same image on both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleAppCopy } from '../support/deploy-apps.js';
import { nodeBinary } from '../support/node-versions.js';
import { node24, runActionWithPost, type ActionRun } from '../support/run-action.js';
import { testbed, type Testbed } from '../support/testbed.js';

const REPO = `hn-node/web-${Date.now().toString(36)}`;
let tb: Testbed;
let app: Awaited<ReturnType<typeof exampleAppCopy>>;

const inputs = () => ({ context: app.dir, image: `${tb.registries.anon}/${REPO}`, base: tb.baseImage, cmd: 'httpd -f -p 8080 -h /app/public', 'cache-dir': app.cacheDir });
const env = { SOURCE_DATE_EPOCH: '1700000000' };
const failure = (r: ActionRun) => `exit ${r.code} ${r.signal}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-2000)}`;

beforeAll(async () => {
  tb = testbed();
  app = await exampleAppCopy('hn-node-');
});
afterAll(() => app.remove());

describe('Node versions', () => {
  it.each(['16', '18', '20.15.1'])('Node %s under act: one line, no stack; the post step ends quietly', { timeout: 400_000 }, async (spec) => {
    const node = await nodeBinary(spec);
    const { main, post } = await runActionWithPost({ client: 'act', node, inputs: inputs(), env });
    expect(main.code, failure(main)).toBe(1);
    expect(main.stderr).toBe('');
    const lines = main.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^::error::shipshape needs Node 20\\.16 or newer; this step runs on Node v${spec.replace(/\./g, '\\.')}[.\\d]* \\(${node.replace(/[.]/g, '\\.')}\\)\\. Under act, .*-P ubuntu-latest=<image with node >= 20\\.16>.*-P ubuntu-latest=-self-hosted`));
    expect(post, 'a failed main keeps its post step').toBeDefined();
    expect(post!.code, failure(post!)).toBe(0);
    expect(post!.stdout + post!.stderr).toBe('');
  });

  it('Node 20 and 24 each build (no push, so neither reuses the other) the same image', { timeout: 600_000 }, async () => {
    const node20 = await nodeBinary('20');
    const runs: ActionRun[] = [];
    for (const node of [node20, node24()]) {
      const { main, post } = await runActionWithPost({ node, inputs: { ...inputs(), push: 'false' }, env });
      expect(main.stdout).toMatch(/layers \d+ built/);
      expect(main.code, failure(main)).toBe(0);
      if (post) expect(post.code, failure(post)).toBe(0);
      runs.push(main);
    }
    expect(runs[0].outputs.digest).toMatch(/^sha256:/);
    expect(runs[1].outputs.digest).toBe(runs[0].outputs.digest);
  });
});
