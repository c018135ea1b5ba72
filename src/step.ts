import './cjs-globals.js';
import { getState, saveState } from './github/commands.js';
import { enableCompileCache } from './startup.js';
import { claimPost, releasePost } from './github/post-skip.js';
import { mainLeavesPostWork, postHasWork, startMainLease } from './github/main-state.js';

// Loaded by the entry (index.ts) once the Node version gate passed. Everything else is imported after the
// compile cache is on, and each step loads only its own modules. One bundle serves main and post: the main
// step leaves `isPost` in GITHUB_STATE. A main that leaves its post step nothing to do (record published,
// no deploy to settle, no cache to save) tells the runner to skip it (github/post-skip.ts); a post step
// that runs anyway with nothing to do loads nothing more.
const isPost = getState('isPost') === 'true';
if (!isPost) {
  saveState('isPost', 'true');
  startMainLease();
  const claim = claimPost();
  enableCompileCache();
  await import('./main.js').then((m) => m.run());
  if (!mainLeavesPostWork()) releasePost(claim);
  exitNow();
} else if (postHasWork()) {
  enableCompileCache();
  await import('./post.js').then((m) => m.post());
  exitNow();
}

/**
 * The step is over once main (or post) returned: the record is published, the outputs, state and summary
 * written (the log too: stdout to a pipe or file is written synchronously). Whatever a peer still holds
 * open (a request given up at its deadline, a retry's timer) must not keep the job waiting.
 */
function exitNow(): never {
  process.exit(process.exitCode ?? 0);
}
