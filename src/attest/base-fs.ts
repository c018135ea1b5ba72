/**
 * A few files of the base image's merged filesystem, read from its layers in order with node-tar's
 * parser, whiteouts applied (image-spec layer.md): `.wh.<name>` hides `<name>` (and all below it) from
 * lower layers, `.wh..wh..opq` hides everything a lower layer put in its directory.
 */
import * as path from 'node:path';
import { Parser, type ReadEntry } from 'tar';

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

/** Opens one layer blob (gzip or plain tar) by digest: from the blob cache or the layout. */
export type LayerOpener = (digest: string) => Promise<NodeJS.ReadableStream>;

/** Relative path (`var/lib/dpkg/status`) → content, for the files `wanted` selected. */
export type MergedFiles = Map<string, Buffer>;

function normalize(entryPath: string): string {
  return path.posix.normalize(entryPath.replace(/^(\.\/|\/)+/, '')).replace(/\/$/, '');
}

const under = (p: string, dir: string) => dir === '' || p === dir || p.startsWith(`${dir}/`);

interface LayerChanges {
  hidden: string[];
  opaque: string[];
  files: Map<string, Buffer>;
  links: Map<string, string>;
}

async function readLayer(stream: NodeJS.ReadableStream, wanted: (p: string) => boolean): Promise<LayerChanges> {
  const changes: LayerChanges = { hidden: [], opaque: [], files: new Map(), links: new Map() };
  const parser = new Parser({
    onReadEntry: (entry: ReadEntry) => {
      const p = normalize(entry.path);
      const base = path.posix.basename(p);
      const dir = path.posix.dirname(p) === '.' ? '' : path.posix.dirname(p);
      if (base === OPAQUE) changes.opaque.push(dir);
      else if (base.startsWith(WHITEOUT)) changes.hidden.push(path.posix.join(dir, base.slice(WHITEOUT.length)));
      else if (wanted(p) && (entry.type === 'SymbolicLink' || entry.type === 'Link') && entry.linkpath) {
        const target = entry.type === 'Link' ? normalize(entry.linkpath) : normalize(path.posix.join(dir, entry.linkpath));
        changes.links.set(p, entry.linkpath.startsWith('/') ? normalize(entry.linkpath) : target);
      } else if (wanted(p) && entry.type === 'File') {
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => changes.files.set(p, Buffer.concat(chunks)));
        return;
      }
      entry.resume();
    },
  });
  await new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', reject);
    stream.on('error', reject);
    stream.pipe(parser as unknown as NodeJS.WritableStream);
  });
  return changes;
}

/**
 * Applies the layers bottom to top and returns the wanted files that survive. A wanted path that is a
 * symlink (e.g. `etc/os-release` → `../usr/lib/os-release`) resolves to its target when the target was
 * read too; pass both paths to `wanted`.
 */
export async function readMergedFiles(layerDigests: string[], open: LayerOpener, wanted: (p: string) => boolean): Promise<MergedFiles> {
  const files = new Map<string, Buffer>();
  const links = new Map<string, string>();
  for (const digest of layerDigests) {
    const changes = await readLayer(await open(digest), wanted);
    for (const map of [files, links] as Map<string, unknown>[]) {
      for (const p of [...map.keys()]) {
        const gone = changes.hidden.some((h) => under(p, h)) || changes.opaque.some((d) => p !== d && under(p, d));
        if (gone || changes.files.has(p) || changes.links.has(p)) map.delete(p);
      }
    }
    for (const [p, content] of changes.files) files.set(p, content);
    for (const [p, target] of changes.links) links.set(p, target);
  }
  for (const [p, target] of links) {
    let resolved: string | undefined = target;
    for (let hops = 0; resolved !== undefined && links.has(resolved) && hops < 8; hops++) resolved = links.get(resolved);
    const content = resolved !== undefined ? files.get(resolved) : undefined;
    if (content) files.set(p, content);
  }
  return files;
}
