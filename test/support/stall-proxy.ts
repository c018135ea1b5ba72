import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Fault } from './fault-listeners.js';
import { runOk } from './process.js';
import type { Testbed } from './testbed.js';

/**
 * The testbed's HAProxy image with a `bash` earlier on PATH that, while /tmp/i10-fault names a fault, makes
 * every HAProxy runtime command that changes a server (`set server …`) meet a runtime socket that
 * misbehaves: `silent` never answers, `slow` answers one byte a second, `reset` refuses the connection.
 * The script itself is the real one (its own bounds are what is tested), its socket a FIFO instead of
 * 127.0.0.1:9999. Everything else (`show stat`, the soak probe) runs unchanged.
 */
const WRAPPER = `#!/bin/sh
mode=$(cat /tmp/i10-fault 2>/dev/null)
case "$mode:$*" in
  silent:*"set server"*|slow:*"set server"*)
    f=/tmp/i10-socket-$$
    mkfifo "$f"
    if [ "$mode" = slow ]; then (i=0; while [ $i -lt 30 ]; do printf x; sleep 1; i=$((i + 1)); done >"$f" 2>/dev/null) & fi
    s=$(printf '%s' "$2" | sed "s#/dev/tcp/127.0.0.1/9999#$f#g")
    shift 2
    exec /bin/bash -c "$s" "$@" ;;
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
