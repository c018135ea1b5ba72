import './cjs-globals.js';
import './startup.js';

// Everything else is imported after startup.ts enabled the compile cache, and each step loads only its
// own modules. One bundle serves main and post: the main step leaves `isPost` in GITHUB_STATE.
const core = await import('@actions/core');
const isPost = core.getState('isPost') === 'true';
if (!isPost) core.saveState('isPost', 'true');

await (isPost ? import('./post.js').then((m) => m.post()) : import('./main.js').then((m) => m.run()));
