import { appendFileSync } from 'node:fs';

// The first module the bundle runs, before anything else loads: it must parse and run on any Node an
// action may meet (act runs the job image's `node`: node:16 by default, Node 18 on older catthehacker
// images), so it uses nothing newer than Node 16 has. The rest of the bundle needs 20.16
// (`process.getBuiltinModule`, used by the bundled libraries).
export const MIN_NODE: readonly [number, number] = [20, 16];

/** Whether `version` ("v18.20.4" or "18.20.4") is older than MIN_NODE. */
export function tooOld(version: string): boolean {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1]);
}

export function oldNodeMessage(version: string, execPath: string): string {
  const min = MIN_NODE.join('.');
  return `::error::shipshape needs Node ${min} or newer; this step runs on Node ${version} (${execPath}). Under act, run the job on an image whose node is ${min} or newer (act -P ubuntu-latest=<image with node >= ${min}>) or on this machine (act -P ubuntu-latest=-self-hosted).`;
}

/**
 * On a Node that is too old: main prints one line and fails; its post step (main left `isPost`) ends
 * quietly, since main has said why. Returns only when the Node is new enough.
 */
export function refuseOldNode(): void {
  if (!tooOld(process.version)) return;
  if (process.env.STATE_isPost === 'true') process.exit(0);
  if (process.env.GITHUB_STATE) {
    try {
      appendFileSync(process.env.GITHUB_STATE, 'isPost=true\n');
    } catch {
      // the post step then repeats the line: no harm
    }
  }
  process.stdout.write(oldNodeMessage(process.version, process.execPath) + '\n');
  process.exit(1);
}
