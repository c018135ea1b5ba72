import { execFile } from 'node:child_process';

/**
 * The build's timestamp in seconds: SOURCE_DATE_EPOCH when set, else the commit time of HEAD in the
 * context's git repository, else 0 (1970-01-01, as ko and Jib do) so the image stays reproducible.
 */
export async function sourceDateEpoch(context: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const fromEnv = env.SOURCE_DATE_EPOCH?.trim();
  if (fromEnv) {
    if (!/^\d+$/.test(fromEnv)) throw new Error(`SOURCE_DATE_EPOCH "${fromEnv}" is not a whole number of seconds`);
    return Number(fromEnv);
  }
  const commitTime = await new Promise<string>((resolve) => {
    execFile('git', ['-C', context, 'log', '-1', '--format=%ct', 'HEAD'], { timeout: 10_000 }, (err, stdout) => resolve(err ? '' : stdout.trim()));
  });
  return /^\d+$/.test(commitTime) ? Number(commitTime) : 0;
}
