import { peerText } from '../../log.js';
import type { Instance } from './runtime.js';

/**
 * Whether the candidate stopped being a candidate: gone, exited, or crashed and restarted since it
 * was started (`restartsBefore`). Such a candidate can only fail its gate, so the gate ends at once.
 */
export function candidateDown(inst: Instance | undefined, restartsBefore: number): boolean {
  return !inst || !inst.running || inst.status === 'restarting' || (inst.restarts ?? 0) > restartsBefore;
}

// The shapes "command not found" takes in a container's log: tini (`Init: true`), runc, a shell.
const NOT_FOUND = [/exec (\S+) failed: No such file or directory/, /exec: "([^"]+)": executable file not found/, /(?:^|\s)(\S+): (?:command )?not found/, /exec (\S+): no such file or directory/i];

function missingCommand(logs: string[]): string | undefined {
  for (const l of [...logs].reverse()) {
    for (const re of NOT_FOUND) {
      const m = re.exec(l);
      if (m) return peerText(m[1].replace(/^"|"$/g, ''), 100);
    }
  }
  return undefined;
}

/** What happened to a candidate that exited or restart-loops, and what to do about it. */
export function exitWords(name: string, inst: Instance | undefined, logs: string[]): string {
  if (!inst) return `the container ${name} is gone (removed while the deploy waited for it?)`;
  const code = inst.exitCode;
  const times = `${inst.restarts} time${inst.restarts === 1 ? '' : 's'}`;
  if (inst.running && inst.status !== 'restarting') {
    // Running again after a crash: the engine has already reset its exit code.
    const cmd = missingCommand(logs);
    return `the container crashed and was restarted ${times}${cmd ? `: \`${cmd}\`: not found — does the image have the command in \`cmd\` (or \`entrypoint\`)?` : ' — see its last log lines'}`;
  }
  const head = `the container exited with code ${code}${inst.restarts ? ` (restarted ${times})` : ''}`;
  if (inst.oomKilled) return `${head}: it was killed for using more memory than its limit — raise \`memory\` or lower the app's use`;
  switch (code) {
    case 127: {
      const cmd = missingCommand(logs);
      return `${head}: ${cmd ? `\`${cmd}\`: not found` : 'command not found'} — does the image have the command in \`cmd\` (or \`entrypoint\`)?`;
    }
    case 126:
      return `${head}: its command could not be run (not executable, or permission denied) — check \`cmd\` and \`entrypoint\` and the file's mode in the image`;
    case 0:
      return `${head}: its command ended instead of serving — does \`cmd\` run the server in the foreground?`;
    case 137:
      return `${head}: it was killed (SIGKILL)`;
    case 139:
      return `${head}: it crashed (segmentation fault)`;
    default:
      return `${head}: the app stopped by itself — see its last log lines`;
  }
}
