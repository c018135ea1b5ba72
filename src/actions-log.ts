import * as core from '@actions/core';
import type { Logger } from './log.js';

export { errorMessage } from './log.js';

/** The runner's log behind the small Logger interface the edge modules take. */
export const actionsLogger: Logger = {
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  debug: (m) => core.debug(m),
};
