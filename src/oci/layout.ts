import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { digestHex, sha256Digest } from './digest.js';
import { MediaType } from './media-types.js';
import { jsonBytes, type Descriptor, type ImageIndex } from './types.js';

export const OCI_LAYOUT_FILE = 'oci-layout';
export const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';

export function blobPath(layoutDir: string, digest: string): string {
  return path.join(layoutDir, 'blobs', 'sha256', digestHex(digest));
}

/** What an OCI image layout directory may hold; `open` replaces these and refuses a folder with anything else. */
const LAYOUT_ENTRIES = new Set(['blobs', 'index.json', OCI_LAYOUT_FILE]);

/**
 * Writes an OCI image layout (image-layout.md). `open` clears only what a layout consists of
 * (`blobs/`, `index.json`, `oci-layout`) so a rebuild leaves no stale blobs behind — and only in a folder
 * that is empty or already an OCI layout, so pointing it at a folder of other files never deletes them.
 */
export class LayoutWriter {
  private constructor(readonly dir: string) {}

  static async open(dir: string): Promise<LayoutWriter> {
    await fs.mkdir(dir, { recursive: true });
    const entries = await fs.readdir(dir);
    const others = entries.filter((e) => !LAYOUT_ENTRIES.has(e));
    if (others.length > 0 || (entries.length > 0 && !entries.includes(OCI_LAYOUT_FILE))) {
      const shown = (others.length > 0 ? others : entries).slice(0, 3).map((e) => JSON.stringify(e)).join(', ');
      throw new Error(
        `Input 'oci-layout': ${dir} is neither empty nor an OCI image layout (it holds ${shown}${entries.length > 3 ? ', …' : ''}); shipshape replaces a layout's blobs and index.json, so give it an empty or new folder`,
      );
    }
    await fs.rm(path.join(dir, 'blobs'), { recursive: true, force: true });
    await fs.rm(path.join(dir, 'index.json'), { force: true });
    await fs.rm(path.join(dir, OCI_LAYOUT_FILE), { force: true });
    await fs.mkdir(path.join(dir, 'blobs', 'sha256'), { recursive: true });
    return new LayoutWriter(dir);
  }

  blobPath(digest: string): string {
    return blobPath(this.dir, digest);
  }

  /** A scratch path inside the layout (same filesystem, so `adoptFile` is a rename). */
  tempPath(label: string): string {
    return path.join(this.dir, 'blobs', `.tmp-${process.pid}-${label}`);
  }

  async writeBlob(bytes: Buffer, mediaType: string): Promise<Descriptor> {
    const digest = sha256Digest(bytes);
    await fs.writeFile(this.blobPath(digest), bytes);
    return { mediaType, digest, size: bytes.length };
  }

  async writeJson(value: unknown, mediaType: string): Promise<Descriptor> {
    return this.writeBlob(jsonBytes(value), mediaType);
  }

  /** Moves a finished temp file into place under its digest. */
  async adoptFile(tempFile: string, digest: string): Promise<void> {
    await fs.rename(tempFile, this.blobPath(digest));
  }

  async hasBlob(digest: string): Promise<boolean> {
    return fs.stat(this.blobPath(digest)).then(
      () => true,
      () => false,
    );
  }

  /** Writes `oci-layout` and `index.json` pointing at the given descriptors (each tagged via ref.name). */
  async finish(entries: Descriptor[]): Promise<void> {
    const index: ImageIndex = { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: entries };
    await fs.writeFile(path.join(this.dir, OCI_LAYOUT_FILE), jsonBytes({ imageLayoutVersion: '1.0.0' }));
    await fs.writeFile(path.join(this.dir, 'index.json'), jsonBytes(index));
  }
}

/**
 * Adds blobs and index.json entries to a finished layout (e.g. referrers: artifact manifests whose
 * `subject` is the image, listed beside it the way `oras attach --oci-layout` does). Entries already
 * listed (same digest) are not added twice; index.json is replaced atomically.
 */
export async function addToLayout(dir: string, blobs: { bytes: Buffer; digest: string }[], entries: Descriptor[]): Promise<void> {
  for (const blob of blobs) {
    const file = blobPath(dir, blob.digest);
    const present = await fs.stat(file).then(() => true, () => false);
    if (!present) await fs.writeFile(`${file}.tmp-${process.pid}`, blob.bytes).then(() => fs.rename(`${file}.tmp-${process.pid}`, file));
  }
  const indexFile = path.join(dir, 'index.json');
  const index = JSON.parse(await fs.readFile(indexFile, 'utf8')) as ImageIndex;
  const listed = new Set(index.manifests.map((m) => m.digest));
  const added = entries.filter((e) => !listed.has(e.digest) && listed.add(e.digest));
  if (added.length === 0) return;
  await fs.writeFile(`${indexFile}.tmp-${process.pid}`, jsonBytes({ ...index, manifests: [...index.manifests, ...added] }));
  await fs.rename(`${indexFile}.tmp-${process.pid}`, indexFile);
}
