import { peerBounds, seconds } from '../bounds.js';
import { peerText } from '../log.js';
import type { Docker } from './engine/docker.js';
import { COLORS, type Color } from './core/color.js';
import { ProxyError } from './core/edge-errors.js';


/** In-container ports: ≥ 1024 because the official haproxy image runs as a non-root user. */
export const FRONTEND_PORT = 8080;
export const RUNTIME_PORT = 9999;
export const CONFIG_DIR = '/usr/local/etc/haproxy';
export const CONFIG_FILE = 'haproxy.cfg';
export const BACKEND = 'app';

/** The `defaults` section every shipshape proxy shares (its own per-app one and the host-wide one). */
export const PROXY_DEFAULTS = [
  'defaults',
  '    mode http',
  '    timeout connect 3s',
  '    timeout client 30s',
  '    timeout server 30s',
  '    timeout http-request 10s',
  '    timeout http-keep-alive 10s',
  '    retries 3',
  '    option redispatch',
];

/**
 * A backend's retries (after PROXY_DEFAULTS' `retries 3`, `option redispatch`): a GET or HEAD whose
 * server refused the connection or closed it without an answer (a crashed candidate) is sent again,
 * the last time to another usable server (the draining color's backup twin); other methods are never
 * replayed, as their effect may already have happened.
 */
export const RETRY_LINES = ['    retry-on conn-failure empty-response junk-response', '    http-request disable-l7-retry if !METH_GET'];

/** The `global` section of an app's own proxy: the runtime API on 127.0.0.1 inside the container. */
export const PROXY_GLOBAL = ['global', `    stats socket ipv4@127.0.0.1:${RUNTIME_PORT} level admin`, '    stats timeout 10s'];

/** The head of a `resolvers` section asking Docker's embedded DNS (its `hold` lines are each proxy's own). */
export const DOCKER_RESOLVER = ['resolvers docker', '    nameserver dns 127.0.0.11:53', '    resolve_retries 3', '    timeout resolve 250ms', '    timeout retry 250ms'];

export interface ProxyConfig {
  app: string;
  containerPort: number;
  healthPath: string;
  /** The color taking traffic; the other server is written `disabled`. None: both disabled. */
  live?: Color;
}

/**
 * One backend with a `blue` and a `green` server found through Docker's DNS. Active checks
 * (drain-state servers are still checked) are the health gate; the runtime API on
 * 127.0.0.1 inside the container does the switch without reloads.
 */
export function proxyConfig(c: ProxyConfig): string {
  return [
    ...PROXY_GLOBAL,
    '',
    ...PROXY_DEFAULTS,
    '',
    ...DOCKER_RESOLVER,
    '    hold valid 2s',
    '    hold other 2s',
    '    hold refused 2s',
    '    hold nx 2s',
    '    hold timeout 2s',
    '    hold obsolete 2s',
    '',
    'frontend public',
    `    bind :${FRONTEND_PORT}`,
    `    default_backend ${BACKEND}`,
    '',
    `backend ${BACKEND}`,
    '    balance roundrobin',
    ...RETRY_LINES,
    `    option httpchk GET ${c.healthPath}`,
    '    http-check expect rstatus ^2[0-9][0-9]$',
    '    default-server inter 500ms fastinter 250ms downinter 500ms rise 2 fall 3 resolvers docker init-addr last,libc,none',
    ...serverLines(c.app, c.containerPort, c.live),
    '',
  ].join('\n');
}

export interface ServerStat {
  status: string;
  checkStatus: string;
  checkCode: string;
  lastCheck: string;
  sessions: number;
}

/** Parses `show stat` CSV into the backend's blue/green rows. */
export function parseShowStat(csv: string, backend = BACKEND): Partial<Record<Color, ServerStat>> {
  const lines = csv.split('\n').filter((l) => l.trim() !== '');
  const head = lines.find((l) => l.startsWith('# '));
  if (!head) return {};
  const cols = head.slice(2).split(',');
  const at = (row: string[], name: string) => row[cols.indexOf(name)] ?? '';
  const out: Partial<Record<Color, ServerStat>> = {};
  for (const line of lines) {
    if (line.startsWith('#')) continue;
    const row = line.split(',');
    const sv = at(row, 'svname');
    if (at(row, 'pxname') !== backend || (sv !== 'blue' && sv !== 'green')) continue;
    out[sv] = {
      status: at(row, 'status'),
      // "* " marks a check in progress; the rest is the last completed check's result.
      checkStatus: at(row, 'check_status').replace(/^\* /, ''),
      checkCode: at(row, 'check_code'),
      lastCheck: at(row, 'last_chk'),
      sessions: Number(at(row, 'scur') || 0),
    };
  }
  return out;
}

/** Up by its active check (a drained server counts: it is checked but takes no new traffic). */
export const checkedUp = (s?: ServerStat) => !!s && (s.status === 'UP' || s.status === 'DRAIN') && s.checkStatus === 'L7OK';

export const describeStat = (s?: ServerStat) =>
  s ? `${s.status} ${s.checkStatus}${s.checkCode ? ` ${s.checkCode}` : ''}${s.lastCheck ? ` (${s.lastCheck})` : ''}`.trim() : 'no server row';

/**
 * How every proxy container runs: HAProxy itself as PID 1, master-worker (`-W`: SIGUSR2 to PID 1 is the
 * hitless reload), in the foreground (`-db`), on shipshape's config. Set on the container, not inherited
 * from the image's entrypoint script: an image without the official one's script would run HAProxy
 * without `-W`, and every reload would silently do nothing.
 */
export const PROXY_COMMAND = { Entrypoint: ['haproxy'], Cmd: ['-W', '-db', '-f', `${CONFIG_DIR}/${CONFIG_FILE}`] };

// Reads fd $1 to its end and prints it; exit 124 once $T seconds (set by ProxyControl.run) have passed.
// With coreutils (the official image): `cat` under `timeout`, as bash's `read` takes a byte per system
// call (seconds for a 200-app `show servers state`). Without: bash's own `read -t`, bash is all it needs.
const readAll = (fd: number) => `if command -v timeout >/dev/null 2>&1 && command -v cat >/dev/null 2>&1; then exec timeout -s KILL "$T" cat <&${fd}; fi
end=$((SECONDS + T))
while left=$((end - SECONDS)); [ "$left" -gt 0 ] || exit 124
  IFS= read -r -t "$left" l <&${fd}; rc=$?; [ "$rc" -le 128 ] || exit 124
  [ "$rc" -eq 0 ] || [ -n "$l" ]; do printf '%s\\n' "$l"; done`;

// One runtime API command per connection.
const RUNTIME_SCRIPT = `exec 3<>/dev/tcp/127.0.0.1/${RUNTIME_PORT} || exit 3
printf '%s\\n' "$1" >&3
${readAll(3)}`;

// A runtime API command whose payload is a file in the container (`cmd <<`, the file, an empty line):
// secrets such as a private key go from the file to the socket, never through an argument or the log.
const PAYLOAD_SCRIPT = `exec 3<>/dev/tcp/127.0.0.1/${RUNTIME_PORT} || exit 3
{ printf '%s <<\\n' "$1"; while IFS= read -r l || [ -n "$l" ]; do [ -n "$l" ] && printf '%s\\n' "$l"; done <"$2"; printf '\\n'; } >&3
${readAll(3)}`;

// An HTTP/1.0 GET against the proxy's own frontend (prints the status line), then `show stat` of backend $3.
const PROBE_SCRIPT = `exec 3<>/dev/tcp/127.0.0.1/${FRONTEND_PORT} || exit 3
printf 'GET %s HTTP/1.0\\r\\nHost: %s\\r\\nUser-Agent: shipshape-soak\\r\\n\\r\\n' "$1" "$2" >&3
IFS= read -r -t "$T" l <&3; [ $? -le 128 ] || exit 124
printf '%s\\n' "$l"; exec 3<&-
exec 4<>/dev/tcp/127.0.0.1/${RUNTIME_PORT} || exit 4
printf 'show stat %s -1 -1\\n' "$3" >&4
${readAll(4)}`;

/** Exit 126/127 of an exec: the engine could not start the program (the message is on stdout). */
export const notRunnable = (r: { exitCode: number }) => r.exitCode === 126 || r.exitCode === 127;

/** Drives one app's proxy container through its runtime API, via Engine API exec. */
export class ProxyControl {
  constructor(
    private readonly docker: Docker,
    readonly container: string,
  ) {}

  /**
   * A bash script run inside the proxy; its reads give up after the bound (exit 124), so a stalled
   * HAProxy does not leave the exec running and the call ends within the bound.
   */
  private async run(label: string, script: string, ...args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string; timedOut: boolean }> {
    const { runtimeMs, engineCallMs } = peerBounds();
    const limit = Math.ceil(runtimeMs / 1000);
    const r = await this.docker.exec(this.container, ['bash', '-c', `T=${limit}\n${script}`, label, ...args], runtimeMs + engineCallMs);
    // 124: the script's own read gave up; 137: coreutils' timeout killed its `cat`.
    return { ...r, timedOut: r.exitCode === 124 || r.exitCode === 137 };
  }

  private failed(command: string, r: { exitCode: number; stdout: string; stderr: string }): ProxyError {
    const why = peerText((r.stderr.trim() || r.stdout.trim()).slice(0, 500), 500);
    if (notRunnable(r)) {
      return new ProxyError(
        `HAProxy runtime API "${command}" in ${this.container} could not run bash there (exit ${r.exitCode}: ${why}); the runtime API is reached through bash inside the proxy, so input 'proxy-image' must have bash (the official haproxy image has it; its Alpine variant does not)`,
      );
    }
    return new ProxyError(`HAProxy runtime API "${command}" in ${this.container} failed (exit ${r.exitCode}): ${why}`);
  }

  /** A runtime command's answer (trimmed), or why it has none: no answer in time, or the script failed. */
  private answer(command: string, r: { exitCode: number; stdout: string; stderr: string; timedOut: boolean }): string {
    if (r.timedOut) throw new ProxyError(`HAProxy runtime API "${command}" in ${this.container} did not answer within ${seconds(peerBounds().runtimeMs)} (stopped); check the proxy container`);
    if (r.exitCode !== 0) throw this.failed(command, r);
    return r.stdout.trim();
  }

  async runtime(command: string): Promise<string> {
    const out = this.answer(command, await this.run('runtime', RUNTIME_SCRIPT, command));
    // Errors come back as text on the first line; later lines (e.g. `show stat`'s check_desc "Not Found") are data.
    const first = out.split('\n')[0];
    if (/^(Unknown command|No such|Require|Invalid|.* not found\.?$)/i.test(first)) throw new ProxyError(`HAProxy runtime API "${command}": ${peerText(first, 500)}`);
    return out;
  }

  /** `command <<` with the content of `file` (inside the container) as its payload; HAProxy's answer. */
  async runtimePayload(command: string, file: string): Promise<string> {
    return this.answer(command, await this.run('runtime', PAYLOAD_SCRIPT, command, file));
  }

  /** The pid of the worker answering (a reload in master-worker mode starts another one). */
  async workerPid(): Promise<string | undefined> {
    return /^Pid: (\d+)$/m.exec(await this.runtime('show info'))?.[1];
  }

  /** The backend's rows only: a host proxy's whole `show stat` is ~1,000 rows at 200 apps. A backend the worker does not have: none. */
  async stats(backend = BACKEND): Promise<Partial<Record<Color, ServerStat>>> {
    const out = await this.runtime(`show stat ${backend} -1 -1`).catch((e: unknown) => {
      if (e instanceof ProxyError && /: No such proxy/.test(e.message)) return '';
      throw e;
    });
    return parseShowStat(out, backend);
  }

  /** Several commands in one runtime session (`;`-separated), applied back to back. */
  async apply(commands: string[]): Promise<void> {
    await this.runtime(commands.join('; '));
  }

  /** Status line of GET <path> through the proxy's own frontend (the public route), and the servers' stats, in one exec. */
  /** `host`: the Host header (the host proxy routes by it); `backend`: whose servers' stats. */
  async probeWithStats(path: string, o: { host?: string; backend?: string } = {}): Promise<{ status: string; stats: Partial<Record<Color, ServerStat>> }> {
    const r = await this.run('probe', PROBE_SCRIPT, path, o.host ?? 'localhost', o.backend ?? BACKEND);
    const [first, ...rest] = r.stdout.split('\n');
    // The app's status line is peer text: it reaches the log, the record and the job summary.
    const status = first.trim().startsWith('HTTP/')
      ? peerText(first.trim(), 200)
      : r.timedOut
        ? `no response within ${seconds(peerBounds().runtimeMs)}`
        : `no response (exit ${r.exitCode}${r.stderr.trim() ? `: ${peerText(r.stderr.trim(), 300)}` : ''})`;
    return { status, stats: parseShowStat(rest.join('\n'), o.backend) };
  }
}

/** A color's server, or its backup twin. */
type Server = Color | `${Color}-bk`;
const twin = (c: Color): Server => `${c}-bk`;
export const serverCmd = (server: Server, state: 'ready' | 'drain' | 'maint', backend = BACKEND) => `set server ${backend}/${server} state ${state}`;
export const addrCmd = (server: Server, ip: string, port: number, backend = BACKEND) => `set server ${backend}/${server} addr ${ip} port ${port}`;

/**
 * A backend's servers: one per color, plus each color's backup twin at the same address. HAProxy sends
 * traffic to a backup only while no active server is usable, so the twin of the draining color serves
 * if the new color goes down during the soak, until the deploy has switched back (no 503 in between).
 * `allow-dup-ip`: HAProxy's resolver otherwise gives a name's one address to one server of the backend
 * only, and the twin would sit in maintenance (resolution).
 */
export function serverLines(app: string, port: number, live?: Color): string[] {
  return [
    ...COLORS.map((c) => `    server ${c} ${app}-${c}:${port} check${live === c ? '' : ' disabled'}`),
    ...COLORS.map((c) => `    server ${twin(c)} ${app}-${c}:${port} check backup resolve-opts allow-dup-ip disabled`),
  ];
}

/** The runtime API commands of a router's moves, shared by the app's own proxy and the host proxy. */
export const moves = {
  /** Points the color (and its twin) at the instance; drain: checked, takes no traffic. */
  add: (color: Color, address: { ip: string; port: number } | undefined, b = BACKEND) => [
    ...(address ? [addrCmd(color, address.ip, address.port, b), addrCmd(twin(color), address.ip, address.port, b)] : []),
    serverCmd(color, 'drain', b),
  ],
  /** `to` takes new requests, `from` drains with its twin as the fallback; `to`'s twin is out. */
  switch: (to: Color, from: Color | undefined, b = BACKEND) => [
    serverCmd(to, 'ready', b),
    ...(from ? [serverCmd(from, 'drain', b), serverCmd(twin(from), 'ready', b)] : []),
    serverCmd(twin(to), 'maint', b),
  ],
  remove: (color: Color, b = BACKEND) => [serverCmd(color, 'maint', b), serverCmd(twin(color), 'maint', b)],
};
