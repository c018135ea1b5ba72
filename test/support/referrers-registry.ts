// A small in-memory OCI registry that follows distribution-spec v1.1.1 where the referrers tests need it:
// blobs (HEAD, monolithic POST+PUT), manifests (PUT/GET/HEAD by tag or digest, ETag, If-Match), and the
// referrers API (GET /v2/<name>/referrers/<digest>, `artifactType` filter, OCI-Subject on PUT).
// No installable registry here has the referrers API; Debian's distribution 2.8 answers it with 404.
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReferrersRegistryOptions {
  /** Serve GET /v2/<name>/referrers/<digest> (else 404, like distribution 2.8 and GHCR). */
  referrersApi: boolean;
  /** Send OCI-Subject on a manifest PUT with a subject even without the API (what ECR does). */
  subjectHeaderWithoutApi?: boolean;
  /** Omit OCI-Subject even with the API (a client must then fall back to the tag schema). */
  noSubjectHeader?: boolean;
  /** Take a monolithic `POST …/uploads/?digest=` (default true; false answers 202 and wants the PUT). */
  monolithicPost?: boolean;
  /** Honour If-Match on manifest PUTs (412 when the tag changed). */
  ifMatch?: boolean;
  /**
   * Read a `sha256-<hex>` manifest reference as the digest `sha256:<hex>` (GET, HEAD and PUT), as GitLab's
   * registry does (oras-project/oras-go#1396): the referrers tag answers with the subject itself (404
   * before it is pushed), and a PUT of an index there is refused as a digest mismatch (400).
   */
  digestTags?: boolean;
}

interface Stored {
  mediaType: string;
  body: Buffer;
}

const digestOf = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

export class ReferrersRegistry {
  readonly blobs = new Map<string, Buffer>();
  /** `<repo>@<digest>` → manifest */
  readonly manifests = new Map<string, Stored>();
  /** `<repo>:<tag>` → digest */
  readonly tags = new Map<string, string>();
  readonly requests: string[] = [];
  /** Tag PUTs that carried If-Match. */
  ifMatchSeen = 0;
  private server?: http.Server;
  private uploads = 0;
  /** Upload sessions opened and neither completed nor cancelled. */
  readonly openUploads = new Set<string>();
  /** Bytes received on the upload endpoints (a blob sent twice counts twice). */
  uploadBytes = 0;
  private held: { size: number; groups: number; waiting: (() => void)[] } | undefined;
  private tagPutDelay: { nth: number; ms: number } | undefined;
  private tagPutsSeen = 0;

  constructor(readonly opts: ReferrersRegistryOptions) {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => void this.handle(req, Buffer.concat(chunks), res));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return `127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /**
   * Makes concurrent writers interleave deterministically: the next `groups` × `size` GETs of a
   * `sha256-…` tag are answered `size` at a time, only once all of a group have arrived (1 s at most).
   */
  holdTagReads(size: number, groups: number): void {
    this.held = { size, groups, waiting: [] };
  }

  /** Applies the `nth` PUT of a `sha256-…` tag (1-based) `ms` later than it arrives: a writer whose PUT lands a moment after ours. */
  delayTagPut(nth: number, ms: number): void {
    this.tagPutDelay = { nth, ms };
  }

  private async tagRead(): Promise<void> {
    const h = this.held;
    if (!h || h.groups === 0) return;
    await new Promise<void>((resolve) => {
      h.waiting.push(resolve);
      const release = () => {
        const group = h.waiting.splice(0, h.waiting.length);
        if (group.length === 0) return;
        h.groups--;
        group.forEach((r) => r());
      };
      if (h.waiting.length >= h.size) release();
      else setTimeout(release, 1000);
    });
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server?.close(() => r()) ?? r());
  }

  /** The index a `sha256-<hex>` tag holds, if any. */
  tagIndex(repo: string, tag: string): { manifests: { digest: string; artifactType?: string; annotations?: Record<string, string> }[] } | undefined {
    const d = this.tags.get(`${repo}:${tag}`);
    return d ? JSON.parse(this.manifests.get(`${repo}@${d}`)!.body.toString()) : undefined;
  }

  private async handle(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url!, 'http://x');
    this.requests.push(`${req.method} ${url.pathname}${url.search}`);
    const send = (status: number, headers: Record<string, string> = {}, out?: Buffer) => {
      res.writeHead(status, { ...(out && { 'Content-Length': String(out.length) }), ...headers });
      res.end(req.method === 'HEAD' ? undefined : out);
    };
    if (url.pathname === '/v2/') return send(200, {}, Buffer.from('{}'));
    let m = /^\/v2\/(.+)\/blobs\/uploads\/(.*)$/.exec(url.pathname);
    if (m) {
      const monolithic = url.searchParams.get('digest');
      if (req.method === 'POST' && monolithic && this.opts.monolithicPost !== false) {
        if (digestOf(body) !== monolithic) return send(400, {}, Buffer.from('{"errors":[{"code":"DIGEST_INVALID"}]}'));
        this.blobs.set(monolithic, body);
        return send(201, { Location: `/v2/${m[1]}/blobs/${monolithic}`, 'Docker-Content-Digest': monolithic });
      }
      this.uploadBytes += body.length;
      if (req.method === 'POST') {
        const id = `u${++this.uploads}`;
        this.openUploads.add(id);
        return send(202, { Location: `/v2/${m[1]}/blobs/uploads/${id}` });
      }
      if (req.method === 'DELETE') return this.openUploads.delete(m[2]) ? send(204) : send(404);
      if (req.method === 'PUT') {
        if (!this.openUploads.delete(m[2])) return send(404, {}, Buffer.from('{"errors":[{"code":"BLOB_UPLOAD_UNKNOWN"}]}'));
        const digest = url.searchParams.get('digest')!;
        if (digestOf(body) !== digest) return send(400, {}, Buffer.from('{"errors":[{"code":"DIGEST_INVALID"}]}'));
        this.blobs.set(digest, body);
        return send(201, { Location: `/v2/${m[1]}/blobs/${digest}`, 'Docker-Content-Digest': digest });
      }
    }
    m = /^\/v2\/(.+)\/blobs\/(sha256:[a-f0-9]{64})$/.exec(url.pathname);
    if (m) {
      const blob = this.blobs.get(m[2]);
      return blob ? send(200, { 'Content-Length': String(blob.length), 'Docker-Content-Digest': m[2] }, blob) : send(404);
    }
    m = /^\/v2\/(.+)\/referrers\/(sha256:[a-f0-9]{64})$/.exec(url.pathname);
    if (m && req.method === 'GET') {
      if (!this.opts.referrersApi) return send(404, { 'Content-Type': 'application/json' }, Buffer.from('{"errors":[{"code":"NOT_FOUND"}]}'));
      const [repo, subject] = [m[1], m[2]];
      const filter = url.searchParams.get('artifactType');
      const list = [...this.manifests.entries()]
        .filter(([key]) => key.startsWith(`${repo}@`))
        .map(([key, s]) => ({ digest: key.slice(repo.length + 1), s, doc: JSON.parse(s.body.toString()) }))
        .filter((x) => x.doc.subject?.digest === subject)
        .map((x) => ({ mediaType: x.s.mediaType, digest: x.digest, size: x.s.body.length, artifactType: x.doc.artifactType ?? x.doc.config?.mediaType, ...(x.doc.annotations && { annotations: x.doc.annotations }) }))
        .filter((d) => !filter || d.artifactType === filter);
      const out = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: list }));
      return send(200, { 'Content-Type': 'application/vnd.oci.image.index.v1+json', ...(filter && { 'OCI-Filters-Applied': 'artifactType' }) }, out);
    }
    m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
    if (m) {
      const repo = m[1];
      const ref = this.opts.digestTags && /^sha256-[a-f0-9]{64}$/.test(m[2]) ? `sha256:${m[2].slice(7)}` : m[2];
      const digest = ref.startsWith('sha256:') ? ref : this.tags.get(`${repo}:${ref}`);
      if (req.method === 'PUT') {
        if (ref.startsWith('sha256-') && ++this.tagPutsSeen === this.tagPutDelay?.nth) await new Promise((r) => setTimeout(r, this.tagPutDelay!.ms));
        const d = digestOf(body);
        if (ref.startsWith('sha256:') && ref !== d) return send(400, {}, Buffer.from('{"errors":[{"code":"DIGEST_INVALID"}]}'));
        const ifMatch = req.headers['if-match'];
        if (ifMatch) this.ifMatchSeen++;
        if (this.opts.ifMatch && ifMatch && !ref.startsWith('sha256:') && ifMatch !== `"${digest}"`) return send(412);
        this.manifests.set(`${repo}@${d}`, { mediaType: String(req.headers['content-type']), body });
        if (!ref.startsWith('sha256:')) this.tags.set(`${repo}:${ref}`, d);
        const subject = (JSON.parse(body.toString()) as { subject?: { digest: string } }).subject?.digest;
        const header: Record<string, string> = subject && ((this.opts.referrersApi && !this.opts.noSubjectHeader) || this.opts.subjectHeaderWithoutApi) ? { 'OCI-Subject': subject } : {};
        return send(201, { Location: `/v2/${repo}/manifests/${d}`, 'Docker-Content-Digest': d, ...header });
      }
      if (ref.startsWith('sha256-') && req.method === 'GET') await this.tagRead();
      const stored = digest && this.manifests.get(`${repo}@${digest}`);
      if (!stored) return send(404, { 'Content-Type': 'application/json' }, Buffer.from('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}'));
      return send(200, { 'Content-Type': stored.mediaType, 'Docker-Content-Digest': digest!, ETag: `"${digest}"` }, stored.body);
    }
    send(404);
  }
}
