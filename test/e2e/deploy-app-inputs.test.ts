import { describe, expect, it } from 'vitest';
import { runAction } from '../support/run-action.js';

// Through dist/index.js as a runner runs the deploy entry: bad app inputs fail the step up front, naming the input and the value.
const base = {
  image: `127.0.0.1:5000/i13/web@sha256:${'a'.repeat(64)}`,
  'deploy-host': 'unix:///var/run/i13-no-such.sock',
};

describe('deploy entry: app inputs validated before anything connects (issue 13)', () => {
  for (const [inputs, message] of [
    [{ volumes: './uploads:/uploads' }, /Input 'volumes': "\.\/uploads:\/uploads": the host path "\.\/uploads" must be absolute/],
    [{ volumes: 'a:/data\nb:/data' }, /Input 'volumes': "b:\/data": \/data is mounted twice/],
    [{ memory: 'big' }, /Input 'memory': "big" is not a size/],
    [{ role: 'cron' }, /Input 'role': "cron" must be web or worker/],
    [{ retain: '0' }, /Input 'retain': "0" must be a whole number from 1 to 100/],
  ] as const) {
    it(`refuses ${JSON.stringify(inputs)}`, async () => {
      const run = await runAction({ inputs: { ...base, ...inputs }, entry: 'deploy' });
      expect(run.code).not.toBe(0);
      expect(run.stdout).toMatch(message);
      expect(run.stdout).not.toMatch(/i13-no-such\.sock.*(connect|ENOENT)/);
    });
  }
});
