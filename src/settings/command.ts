import { InputError, parseBool, type InputReader } from './parsers.js';
import { didYouMean } from './suggest.js';

/**
 * What a run does (`command`, issue 22). Each command besides `deploy` also has its older boolean input
 * (`rollback: true`, …), which keeps working; a new command is one more line here.
 */
export const COMMANDS = {
  deploy: { boolean: undefined, needsHost: false },
  rollback: { boolean: 'rollback', needsHost: true },
  remove: { boolean: 'remove', needsHost: true },
  renew: { boolean: 'renew', needsHost: true },
} as const satisfies Record<string, { boolean: string | undefined; needsHost: boolean }>;

export type Command = keyof typeof COMMANDS;

const NAMES = Object.keys(COMMANDS) as Command[];
const isCommand = (text: string): text is Command => (NAMES as string[]).includes(text);

/**
 * The command from `command` and the booleans (`get` reads empty inputs as declared, so `command` reads
 * `deploy` when not given). A boolean with the default command is that command; with another command, or
 * with another boolean, it is an error naming both.
 */
export function readCommand(get: InputReader): Command {
  const text = get('command').trim().toLowerCase() || 'deploy';
  if (!isCommand(text)) {
    throw new InputError('command', `"${get('command').trim()}" is not a command${didYouMean(text, NAMES)}: use one of ${NAMES.join(', ')}`);
  }
  const set = NAMES.filter((c) => {
    const flag = COMMANDS[c].boolean;
    return flag !== undefined && parseBool(flag, get(flag) || 'false');
  });
  if (set.length > 1) throw new InputError(set[1]!, `"true" cannot go with ${set[0]}: true (give one command: command: ${set[0]} or command: ${set[1]})`);
  const flag = set[0];
  if (flag && text !== 'deploy' && text !== flag) {
    throw new InputError('command', `"${text}" cannot go with ${flag}: true (${flag}: true is the older spelling of command: ${flag}; give command only)`);
  }
  return flag ?? text;
}
