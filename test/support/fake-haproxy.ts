// The HAProxy side of the fake Docker host (fake-docker-host.ts): a config read as far as routing and
// checks need, one worker's runtime state, and the runtime API commands shipshape sends.

export type ServerState = 'ready' | 'drain' | 'maint';
export interface Server {
  state: ServerState;
  addr: string;
  port: number;
  backup: boolean;
}
/** One running HAProxy worker: the config it loaded, its servers' runtime state, its certificates. */
export interface Worker {
  pid: number;
  config: string;
  /** The files on disk as this worker loaded them (the route and TLS-host files its config names). */
  files: Record<string, string>;
  servers: Record<string, Server>;
  /** Loaded certificate stores (path → pem; '' for a new empty one). */
  certs: Record<string, string>;
  /** The crt-list as loaded (paths). */
  crtList: string[];
  txn: Record<string, string>;
  acme: Record<string, string>;
}
/** A config's routes, checks and servers, as far as the fake routes and checks by them. */
export interface ParsedConfig {
  routes: { backend: string; hosts: string[]; prefix?: string }[];
  defaultBackend?: string;
  redirect: string[];
  backends: Record<string, { check?: string; servers: Record<string, { addr: string; port: number; backup: boolean; disabled: boolean }> }>;
  loadsState: boolean;
  /** A file the config names that was not there (HAProxy would refuse the config). */
  missing?: string;
}

const parsed = new Map<string, ParsedConfig>();

/**
 * parseConfig, remembered per text (the fake asks for it on every check): the files a config names
 * are named by their content's hash, so one text always reads the same files. `files`: path → content.
 */
export function parseConfig(text: string, files: Record<string, string | undefined>): ParsedConfig {
  let p = parsed.get(text);
  if (!p) {
    if (parsed.size > 500) parsed.clear();
    p = parseConfigText(text, files);
    if (!p.missing) parsed.set(text, p);
  }
  return p;
}

/** The route map's rows (`<host><prefix>/ <backend>`) as routes: one per backend and prefix, hosts in the file's order. */
function mapRoutes(text: string): ParsedConfig['routes'] {
  const out: ParsedConfig['routes'] = [];
  for (const row of text.split('\n')) {
    const [key, backend] = row.trim().split(' ');
    if (!key || !backend) continue;
    const slash = key.indexOf('/');
    const host = key.slice(0, slash);
    const prefix = key.slice(slash, -1) || undefined;
    const r = out.find((x) => x.backend === backend && x.prefix === prefix);
    if (r) r.hosts.push(host);
    else out.push({ backend, hosts: [host], ...(prefix && { prefix }) });
  }
  return out;
}

function parseConfigText(text: string, files: Record<string, string | undefined>): ParsedConfig {
  const out: ParsedConfig = { routes: [], redirect: [], backends: {}, loadsState: /load-server-state-from-file/.test(text) };
  let section = '';
  let frontends = 0;
  for (const line of text.split('\n')) {
    if (/^\S/.test(line)) {
      section = line.trim();
      if (section.startsWith('frontend ')) frontends++;
      if (section.startsWith('backend ')) out.backends[section.slice(8)] = { servers: {} };
      continue;
    }
    const l = line.trim();
    if (section.startsWith('frontend ') && frontends === 1) {
      const file = (path: string) => {
        const t = files[path];
        if (t === undefined) out.missing = path;
        return t ?? '';
      };
      const use = /^use_backend %\[var\(txn\.route\),map_beg\((\S+),\S+\)\] if !\{ var\(txn\.host\) -m sub \/ \}$/.exec(l);
      if (use) out.routes.push(...mapRoutes(file(use[1]!)));
      const def = /^default_backend (\S+)/.exec(l);
      if (def) out.defaultBackend = def[1];
      const red = /^http-request redirect scheme https .* -m str -f (\S+) \}$/.exec(l);
      if (red) out.redirect = file(red[1]!).split('\n').filter((h) => h !== '').sort();
    }
    if (section.startsWith('backend ')) {
      const b = out.backends[section.slice(8)]!;
      const chk = /^option httpchk GET (\S+)/.exec(l);
      if (chk) b.check = chk[1];
      const srv = /^server (\S+) (\S+):(\d+) check(.*)$/.exec(l);
      if (srv) b.servers[srv[1]!] = { addr: srv[2]!, port: Number(srv[3]), backup: / backup/.test(srv[4]!), disabled: / disabled$/.test(srv[4]!) };
    }
  }
  return out;
}

export function runtimeCommand(w: Worker, c: string, stat: () => string = () => ''): string {
  let m: RegExpExecArray | null;
  if ((m = /^set server (\S+)\/(\S+) state (ready|drain|maint)$/.exec(c))) {
    if (!Object.keys(w.servers).some((k) => k.startsWith(`${m![1]}/`))) return 'No such backend.';
    const s = w.servers[`${m[1]}/${m[2]}`];
    if (!s) return 'No such server.';
    s.state = m[3] as ServerState;
    return '';
  }
  if ((m = /^set server (\S+)\/(\S+) addr (\S+) port (\d+)$/.exec(c))) {
    const s = w.servers[`${m[1]}/${m[2]}`];
    if (!s) return 'No such server.';
    const was = `${s.addr}:${s.port}`;
    Object.assign(s, { addr: m[3], port: Number(m[4]) });
    return `IP changed from '${was}' to '${m[3]}', port changed to '${m[4]}' by 'stats socket command'`;
  }
  if (c === 'show stat') return stat();
  if ((m = /^show stat (\S+) -1 -1$/.exec(c))) {
    const [head, ...rows] = stat().split('\n');
    const mine = rows.filter((l) => l.startsWith(`${m![1]},`));
    return mine.length > 0 ? [head, ...mine].join('\n') : 'No such proxy.';
  }
  if (c === 'show info') return `Name: HAProxy\nPid: ${w.pid}\nUptime: 0d 0h00m01s`;
  if (c === 'show servers state') {
    const rows = Object.entries(w.servers).map(([k, s]) => `1 ${k.split('/')[0]} 1 ${k.split('/')[1]} ${s.addr} ${s.state} ${s.port}`);
    return ['1', '# be_id be_name srv_id srv_name srv_addr srv_state srv_port', ...rows].join('\n');
  }
  if (c === 'show ssl cert') return ['# filename', ...Object.keys(w.certs)].join('\n');
  if ((m = /^new ssl cert (\S+)$/.exec(c))) {
    if (w.certs[m[1]!] !== undefined) return `Certificate '${m[1]}' already exists!`;
    w.certs[m[1]!] = '';
    return `New empty certificate store '${m[1]}'!`;
  }
  if ((m = /^commit ssl cert (\S+)$/.exec(c))) {
    if (w.txn[m[1]!] === undefined) return 'No ongoing transaction!';
    w.certs[m[1]!] = w.txn[m[1]!]!;
    delete w.txn[m[1]!];
    return `Committing ${m[1]}\nSuccess!`;
  }
  if ((m = /^abort ssl cert (\S+)$/.exec(c))) return void delete w.txn[m[1]!], `Transaction aborted for certificate '${m[1]}'!`;
  if ((m = /^show ssl crt-list (\S+)$/.exec(c))) return [`# ${m[1]}`, ...w.crtList].join('\n');
  if ((m = /^add ssl crt-list (\S+) (\S+)$/.exec(c))) {
    if (w.certs[m[2]!] === undefined) return `Can't find the certificate '${m[2]}'`;
    if (!w.crtList.includes(m[2]!)) w.crtList.push(m[2]!);
    return `Inserting certificate '${m[2]}' in crt-list '${m[1]}'.\nSuccess!`;
  }
  if ((m = /^del ssl crt-list (\S+) (\S+)$/.exec(c))) {
    w.crtList = w.crtList.filter((f) => f !== m![2]);
    return `Entry '${m[2]}' deleted in crtlist '${m[1]}'!`;
  }
  if ((m = /^del ssl cert (\S+)$/.exec(c))) {
    if (w.crtList.includes(m[1]!)) return `Can't remove the certificate: certificate '${m[1]}' in use, can't be deleted!`;
    delete w.certs[m[1]!];
    return `Certificate '${m[1]}' deleted!`;
  }
  if ((m = /^add map (\S+) (\S+) (\S+)$/.exec(c))) return void (w.acme[m[2]!] = m[3]!), '';
  if ((m = /^del map (\S+) (\S+)$/.exec(c))) return void delete w.acme[m[2]!], '';
    return `Unknown command: '${c}'`;
}
