import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** What the image says about its source: the time (seconds) and the commit it was built from. */
export interface SourceStamp {
  /** `created` and every file's mtime */
  epoch: number;
  /** where the epoch came from */
  epochFrom: 'SOURCE_DATE_EPOCH' | 'commit' | 'none';
  /** the last commit that touched the context (`org.opencontainers.image.revision`) */
  revision?: string;
}

/**
 * The build's time and revision, both from the last commit that touched the context directory (so a
 * commit elsewhere in the repository changes neither, nor the fingerprint that contains them):
 * SOURCE_DATE_EPOCH when set overrides the time; without git the time is 0 (1970-01-01, as ko and Jib
 * do) so the image stays reproducible. A shallow clone only knows HEAD, which then counts as that commit.
 */
export async function sourceStamp(context: string, env: NodeJS.ProcessEnv = process.env): Promise<SourceStamp> {
  const fromEnv = env.SOURCE_DATE_EPOCH?.trim();
  if (fromEnv && !/^\d+$/.test(fromEnv)) throw new Error(`SOURCE_DATE_EPOCH "${fromEnv}" is not a whole number of seconds`);
  const commit = await lastCommitTouching(context);
  const revision = commit?.sha;
  if (fromEnv) return { epoch: Number(fromEnv), epochFrom: 'SOURCE_DATE_EPOCH', ...(revision && { revision }) };
  if (commit) return { epoch: commit.time, epochFrom: 'commit', revision: commit.sha };
  return { epoch: 0, epochFrom: 'none' };
}

/**
 * Whether git could find a repository for `dir`: a `.git` in it or above it, or it or a parent being a git
 * directory itself (HEAD, objects/, refs/), or GIT_DIR set. It may say yes where git would not (a ceiling,
 * a filesystem boundary), never the reverse: where it says no, git is not started at all.
 */
export function mayBeInRepository(dir: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.GIT_DIR) return true;
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (existsSync(path.join(d, '.git'))) return true;
    if (existsSync(path.join(d, 'HEAD')) && existsSync(path.join(d, 'objects')) && existsSync(path.join(d, 'refs'))) return true;
    if (path.dirname(d) === d) return false;
  }
}

async function lastCommitTouching(dir: string): Promise<{ sha: string; time: number } | undefined> {
  // outside any repository there is no commit, and starting git costs more than the rest of a no-change rerun's fingerprint
  if (!mayBeInRepository(dir)) return undefined;
  try {
    // loaded here, not at the top: a fingerprint outside any repository never pays for the module
    const { getExecOutput } = await import('@actions/exec');
    const out = await getExecOutput('git', ['-C', dir, 'log', '-1', '--format=%H %ct', '--', '.'], { silent: true, ignoreReturnCode: true });
    const m = /^([0-9a-f]{40,64}) (\d+)$/.exec(out.stdout.trim());
    return m ? { sha: m[1], time: Number(m[2]) } : undefined;
  } catch {
    // git is not installed, or the context is not in a repository (git exits non-zero): no commit to take the time from
    return undefined;
  }
}
