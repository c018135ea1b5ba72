import './cjs-globals.js';
import './startup.js';
import { getState, saveState } from './actions-core.js';
import { postHasWork } from './state.js';

// Everything else is imported after startup.ts enabled the compile cache, and each step loads only its
// own modules. One bundle serves main and post: the main step leaves `isPost` in GITHUB_STATE. A post
// step with nothing left to do (main published the record, no deploy, no cache to save) loads nothing more.
const isPost = getState('isPost') === 'true';
if (!isPost) {
  saveState('isPost', 'true');
  await import('./main.js').then((m) => m.run());
} else if (postHasWork()) {
  await import('./post.js').then((m) => m.post());
}
