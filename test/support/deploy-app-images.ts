import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pushByDigest } from './deploy-apps.js';
import { runOk } from './process.js';
import type { Testbed } from './testbed.js';

/**
 * Builds an image from the testbed base with `files` (path → content; `+x` suffix on the key makes it
 * executable) and `changes` (docker commit --change lines), pushes it to 127.0.0.1:5000/<repo>:<tag>,
 * drops the local tag and returns it by digest.
 */
export async function buildImage(tb: Testbed, repo: string, tag: string, files: Record<string, string>, changes: string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'i13-image-'));
  const container = `i13-build-${tag}-${process.pid}`;
  try {
    for (const [key, content] of Object.entries(files)) {
      const exec = key.endsWith('+x');
      const file = join(dir, key.replace(/\+x$/, ''));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      if (exec) chmodSync(file, 0o755);
    }
    await runOk('docker', ['create', '--name', container, tb.baseImage, 'sh']);
    await runOk('docker', ['cp', `${dir}/.`, `${container}:/`]);
    const ref = `${tb.registries.anon}/${repo}:${tag}`;
    await runOk('docker', ['commit', ...changes.flatMap((c) => ['--change', c]), container, ref]);
    return await pushByDigest(tb, repo, ref);
  } finally {
    await runOk('docker', ['rm', '-f', container]).catch(() => '');
    rmSync(dir, { recursive: true, force: true });
  }
}

const cgi = (body: string) => `#!/bin/sh\necho "Content-Type: text/plain"\necho\n${body}\n`;

/**
 * The web app of the issue-13 tests (busybox httpd on 8080): /cgi-bin/health, /cgi-bin/visit counts
 * visits in /data/count (a named volume), /cgi-bin/release shows what the release command wrote,
 * /cgi-bin/db asks the "database" i13-database on a user network; `tag` (in index.html) makes each image distinct.
 */
export function counterApp(tb: Testbed, repo: string, tag: string): Promise<string> {
  return buildImage(
    tb,
    repo,
    tag,
    {
      'www/index.html': `${tag}\n`,
      'www/cgi-bin/health+x': cgi('echo ok'),
      'www/cgi-bin/visit+x': cgi('n=$(( $(cat /data/count 2>/dev/null || echo 0) + 1 )); echo $n > /data/count; echo $n'),
      'www/cgi-bin/release+x': cgi('cat /data/release 2>/dev/null || echo none'),
      // busybox's own nslookup asks Docker's embedded DNS, nc fetches (this base's static wget crashes on names and -T).
      'www/cgi-bin/db+x': cgi(`ip=$(nslookup i13-database 127.0.0.11 | awk '/^Address/ {a=$NF} END {print a}'); printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 "$ip" 8080 | tail -n 1`),
    },
    [`CMD ["sh","-c","trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait"]`, 'EXPOSE 8080'],
  );
}

/**
 * A worker (no HTTP) with a HEALTHCHECK: takes the lock /shared/lock (mkdir is atomic) or, when another
 * instance holds it, appends its host name to /shared/overlap — so two at once leave evidence.
 */
export function lockWorker(tb: Testbed, repo: string, tag: string): Promise<string> {
  const script = [
    'if mkdir /shared/lock 2>/dev/null; then own=1; else echo "$HOSTNAME" >> /shared/overlap; fi',
    `trap '[ -n "$own" ] && rmdir /shared/lock; exit 0' TERM`,
    `echo "worker ${tag} up"; touch /tmp/up`,
    'while :; do sleep 1; done',
  ].join('\n');
  return buildImage(tb, repo, tag, { 'worker.sh+x': `#!/bin/sh\n${script}\n` }, ['CMD ["/worker.sh"]', 'HEALTHCHECK --interval=1s --timeout=3s --retries=2 CMD test -f /tmp/up']);
}
