import './cjs-globals.js';
import { getState, saveState } from './actions-core.js';
import { enableCompileCache } from './startup.js';
import { postHasWork } from './state.js';

// Everything else is imported after the compile cache is on, and each step loads only its own modules.
// One bundle serves main and post: the main step leaves `isPost` in GITHUB_STATE. A post step with nothing
// left to do (main published the record, no deploy, no cache to save) loads nothing more.
const isPost = getState('isPost') === 'true';
if (!isPost) {
  saveState('isPost', 'true');
  enableCompileCache();
  await import('./main.js').then((m) => m.run());
} else if (postHasWork()) {
  enableCompileCache();
  await import('./post.js').then((m) => m.post());
}
