import * as core from './commands.js';
import { peerText, type Logger } from '../log.js';

export { errorMessage } from '../log.js';

/**
 * The runner's log behind the small Logger interface the edge modules take. Their lines carry peer text
 * (registry, engine and cache answers, file names), so each is kept on one line and can never start a
 * workflow command (warning and debug are workflow commands themselves, whose data the toolkit escapes).
 */
export const actionsLogger: Logger = {
  info: (m) => core.info(peerText(m, 4000)),
  warning: (m) => core.warning(m),
  debug: (m) => core.debug(m),
};
