import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Fault } from './fault-listeners.js';
import { runOk } from './process.js';
import type { Testbed } from './testbed.js';

/**
 * The testbed's HAProxy image with a `bash` earlier on PATH that, while /tmp/i10-fault names a fault, makes
 * every HAProxy runtime command that changes a server (`set server …`) misbehave: `silent` never answers,
 * `slow` answers one byte a second, `reset` finds the runtime socket refusing connections. Everything else
 * (the entrypoint, `show stat`, the soak probe) runs the real bash.
 */
const WRAPPER = `#!/bin/sh
mode=$(cat /tmp/i10-fault 2>/dev/null)
case "$mode:$*" in
  silent:*"set server"*) exec sleep 3600 ;;
  slow:*"set server"*) while :; do printf x; sleep 1; done ;;
  reset:*"set server"*) exec /bin/bash -c 'exec 3<>/dev/tcp/127.0.0.1/1' ;;
esac
exec /bin/bash "$@"
`;

/** Builds the stalling proxy image locally (the testbed's engine is the deploy host) and returns its tag. */
export async function buildStallProxy(tb: Testbed, repo: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'i10-stall-proxy-'));
  const container = `i10-stall-proxy-build-${process.pid}`;
  const ref = `${tb.registries.anon}/${repo}:1`;
  try {
    const wrapper = join(dir, 'bash');
    writeFileSync(wrapper, WRAPPER);
    chmodSync(wrapper, 0o755);
    await runOk('docker', ['rm', '-f', container]).catch(() => '');
    await runOk('docker', ['create', '--name', container, tb.proxyImage]);
    await runOk('docker', ['cp', wrapper, `${container}:/usr/local/bin/bash`]);
    await runOk('docker', ['commit', container, ref]);
    return ref;
  } finally {
    await runOk('docker', ['rm', '-f', container]).catch(() => '');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Sets (or clears) the fault the proxy's runtime commands meet. */
export async function setRuntimeFault(container: string, fault: Fault | undefined): Promise<void> {
  await runOk('docker', ['exec', container, 'sh', '-c', fault ? `echo ${fault} > /tmp/i10-fault` : 'rm -f /tmp/i10-fault']);
}
