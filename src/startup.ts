import module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

// Node's on-disk compile cache (Node ≥ 22.1) for the bundle's chunks: main and post run in the same job on
// the same runner, so the post step (and any later run of the action in the job) skips compiling them.
// Called before the steps' modules load; a runtime without it, or an unwritable directory, just compiles.
export function enableCompileCache(): void {
  try {
    (module as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache?.(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'shipshape', 'compile-cache'));
  } catch {
    // compiling without a cache is only slower
  }
}
