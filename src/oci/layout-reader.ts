import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DIGEST_PATTERN, sha256Digest } from './digest.js';
import { blobPath, REF_NAME_ANNOTATION } from './layout.js';
import type { ImageIndex } from './types.js';

/**
 * Reads an OCI image layout on disk with the same pull surface as a registry (getManifest by tag or
 * digest, fetchBlob). The repository argument is ignored: a layout is one repository.
 */
export class LayoutReader {
  constructor(readonly dir: string) {}

  async index(): Promise<ImageIndex> {
    const file = path.join(this.dir, 'index.json');
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      throw new Error(`${this.dir} is not an OCI layout (cannot read index.json: ${(e as Error).message})`);
    }
    return JSON.parse(text) as ImageIndex;
  }

  /** index.json entries by their ref.name annotation. */
  async tags(): Promise<string[]> {
    return (await this.index()).manifests.map((m) => m.annotations?.[REF_NAME_ANNOTATION]).filter((t): t is string => !!t);
  }

  async getManifest(_repository: string, reference: string): Promise<{ digest: string; mediaType: string; body: Buffer }> {
    const index = await this.index();
    const entry = DIGEST_PATTERN.test(reference)
      ? { digest: reference, mediaType: undefined }
      : index.manifests.find((m) => m.annotations?.[REF_NAME_ANNOTATION] === reference);
    if (!entry) {
      throw new Error(`tag "${reference}" not found in OCI layout ${this.dir} (tags: ${(await this.tags()).join(', ') || 'none'})`);
    }
    let body: Buffer;
    try {
      body = await fs.readFile(blobPath(this.dir, entry.digest));
    } catch {
      throw new Error(`manifest ${entry.digest} not found in OCI layout ${this.dir}`);
    }
    const digest = sha256Digest(body);
    if (digest !== entry.digest) throw new Error(`blob ${entry.digest} in ${this.dir} is corrupt (its content hashes to ${digest})`);
    const mediaType = entry.mediaType ?? (JSON.parse(body.toString('utf8')) as { mediaType?: string }).mediaType ?? '';
    return { digest, mediaType, body };
  }

  async fetchBlob(_repository: string, digest: string): Promise<NodeJS.ReadableStream> {
    const file = blobPath(this.dir, digest);
    await fs.access(file).catch(() => {
      throw new Error(`blob ${digest} not found in OCI layout ${this.dir}`);
    });
    return createReadStream(file);
  }
}
