import './cjs-globals.js';
import * as core from '@actions/core';
import { run } from './main.js';
import { post } from './post.js';

// One bundle serves main and post: the main step leaves `isPost` in GITHUB_STATE.
const isPost = core.getState('isPost') === 'true';
if (!isPost) core.saveState('isPost', 'true');

await (isPost ? post() : run());
