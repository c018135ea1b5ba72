import * as http from 'node:http';
import * as net from 'node:net';

/** How a misbehaving peer behaves once it has a connection. */
export type Fault = 'silent' | 'slow' | 'reset';
export const FAULTS: Fault[] = ['silent', 'slow', 'reset'];

/** A plausible start of an answer, trickled by a `slow` peer (it never finishes within the test). */
export const HTTP_HEAD = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Padding: ' + 'x'.repeat(200) + '\r\n\r\n{}';
export const SSH_BANNER = 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n' + 'x'.repeat(200);

/**
 * Applies a fault to an accepted socket: `silent` reads and never answers, `slow` writes `reply` one byte a
 * second, `reset` answers with a TCP RST. Returns a stop function (the slow timer).
 */
export function misbehave(sock: net.Socket, fault: Fault, reply: string): () => void {
  sock.on('error', () => {});
  if (fault === 'reset') {
    // A TCP RST; a unix socket has none, so it is closed abruptly instead.
    if (sock.remoteAddress) sock.resetAndDestroy();
    else sock.destroy();
    return () => {};
  }
  sock.resume();
  if (fault === 'silent') return () => {};
  let i = 0;
  const timer = setInterval(() => {
    if (sock.destroyed || i >= reply.length) return clearInterval(timer);
    sock.write(reply[i++]);
  }, 1000);
  sock.on('close', () => clearInterval(timer));
  return () => clearInterval(timer);
}

/** Tracks a server's sockets so close() ends silent connections too. */
abstract class Tracked {
  protected server!: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly stops: (() => void)[] = [];

  protected track(server: net.Server): void {
    this.server = server;
    server.on('connection', (s: net.Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  protected fault(sock: net.Socket, fault: Fault, reply: string): void {
    this.stops.push(misbehave(sock, fault, reply));
  }

  /** 127.0.0.1:port of a TCP listener. */
  get address(): string {
    return `127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** Listens on 127.0.0.1 (an ephemeral port) or on a unix socket path. */
  async listen(socketPath?: string): Promise<this> {
    await new Promise<void>((resolve) => (socketPath ? this.server.listen(socketPath, resolve) : this.server.listen(0, '127.0.0.1', resolve)));
    return this;
  }

  async close(): Promise<void> {
    for (const stop of this.stops) stop();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A TCP listener that misbehaves on every connection (an SSH server that never completes a handshake, a dead token server). */
export class FaultyListener extends Tracked {
  constructor(fault: Fault, reply: string) {
    super();
    this.track(net.createServer((sock) => this.fault(sock, fault, reply)));
  }
}

export type Target = { host: string; port: number } | { socketPath: string };

/**
 * An HTTP proxy in front of a real peer (a registry on 127.0.0.1, the Docker socket): forwards every request
 * except those `faultOn` picks, which get the fault instead. `rewriteHeaders` may change an answer's headers
 * (e.g. point a Bearer challenge's realm at a faulty token server).
 */
export class FaultyProxy extends Tracked {
  /** Requests that got the fault, as `METHOD path`. */
  readonly faulted: string[] = [];

  constructor(
    target: Target,
    faultOn: (req: http.IncomingMessage) => Fault | undefined,
    rewriteHeaders?: (headers: http.IncomingHttpHeaders) => http.IncomingHttpHeaders,
  ) {
    super();
    const server = http.createServer((req, res) => {
      const fault = faultOn(req);
      if (fault) {
        this.faulted.push(`${req.method} ${req.url}`);
        this.fault(req.socket, fault, HTTP_HEAD);
        return;
      }
      const up = http.request({ ...target, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, rewriteHeaders ? rewriteHeaders(answer.headers) : answer.headers);
        answer.pipe(res);
      });
      up.on('error', () => res.destroy());
      req.pipe(up);
    });
    server.keepAliveTimeout = 1000;
    // Over SSH a request may arrive half-closed (the channel's EOF right after the request): keep answering,
    // as dockerd does, instead of Node's default of dropping the connection.
    (server as unknown as { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
    this.track(server);
  }
}

/**
 * A byte-level proxy in front of a unix socket (the Docker engine, which gets one request per connection
 * from shipshape): reads the request line, then either splices the connection through unchanged (half-closes
 * included, as the engine sees them over SSH) or applies the fault `faultOn` picks for that request line.
 */
export class FaultySocketProxy extends Tracked {
  readonly faulted: string[] = [];

  constructor(targetPath: string, faultOn: (method: string, path: string) => Fault | undefined) {
    super();
    this.track(
      net.createServer({ allowHalfOpen: true }, (sock) => {
        let head = Buffer.alloc(0);
        sock.on('error', () => {});
        const onData = (chunk: Buffer) => {
          head = Buffer.concat([head, chunk]);
          const eol = head.indexOf('\r\n');
          if (eol < 0) return;
          sock.off('data', onData);
          sock.pause();
          const [method = '', path = ''] = head.subarray(0, eol).toString('latin1').split(' ');
          const fault = faultOn(method, path);
          if (fault) {
            this.faulted.push(`${method} ${path}`);
            this.fault(sock, fault, HTTP_HEAD);
            return;
          }
          const up = net.connect({ path: targetPath, allowHalfOpen: true });
          up.on('error', () => sock.destroy());
          sock.on('close', () => up.destroy());
          up.write(head);
          sock.pipe(up);
          up.pipe(sock);
          sock.resume();
        };
        sock.on('data', onData);
      }),
    );
  }
}
