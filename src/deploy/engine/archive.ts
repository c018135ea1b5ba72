/** Tar in and out of PUT/GET /containers/{id}/archive (one or a few small files); headers from src/oci/tar. */
import { Parser } from 'tar';
import { END_OF_ARCHIVE, encodeHeader, padding } from '../../oci/tar.js';

export function tarFiles(files: { name: string; content: string | Buffer; mode?: number; uid?: number; gid?: number }[]): Buffer {
  const mtime = Math.floor(Date.now() / 1000);
  const parts: Buffer[] = [];
  for (const f of files) {
    const data = Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content, 'utf8');
    parts.push(encodeHeader({ name: f.name, type: 'file', mode: f.mode ?? 0o644, size: data.length, mtime, uid: f.uid ?? 0, gid: f.gid ?? 0 }), data, padding(data.length));
  }
  parts.push(END_OF_ARCHIVE);
  return Buffer.concat(parts);
}

/** The first regular file in a tar stream, read with node-tar's parser (PAX, GNU long names, old types). */
export function untarFirstFile(tar: Buffer): Buffer | undefined {
  let found: Buffer | undefined;
  const chunks: Buffer[] = [];
  // node-tar's Parser is synchronous when fed a whole buffer with end(): entries and their data arrive
  // inside this call, so the Engine client keeps its synchronous use.
  const parser = new Parser({
    onReadEntry: (entry) => {
      if (found !== undefined || chunks.length > 0 || !REGULAR.has(entry.type)) return entry.resume();
      entry.on('data', (d: Buffer) => chunks.push(d));
      entry.on('end', () => (found = Buffer.concat(chunks)));
    },
  });
  parser.end(tar);
  return found;
}

const REGULAR = new Set(['File', 'OldFile', 'ContiguousFile']);
