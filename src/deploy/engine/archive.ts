/** Tar in and out of PUT/GET /containers/{id}/archive (one or a few small files); headers from src/oci/tar. */
import { END_OF_ARCHIVE, encodeHeader, padding } from '../../oci/tar.js';

export function tarFiles(files: { name: string; content: string | Buffer; mode?: number }[]): Buffer {
  const mtime = Math.floor(Date.now() / 1000);
  const parts: Buffer[] = [];
  for (const f of files) {
    const data = Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content, 'utf8');
    parts.push(encodeHeader({ name: f.name, type: 'file', mode: f.mode ?? 0o644, size: data.length, mtime, uid: 0, gid: 0 }), data, padding(data.length));
  }
  parts.push(END_OF_ARCHIVE);
  return Buffer.concat(parts);
}

/** The first regular file in a tar stream. */
export function untarFirstFile(tar: Buffer): Buffer | undefined {
  let i = 0;
  while (i + 512 <= tar.length) {
    const h = tar.subarray(i, i + 512);
    if (h.every((b) => b === 0)) return undefined;
    const size = parseInt(h.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(h[156]);
    const start = i + 512;
    if (type === '0' || type === '\0') return tar.subarray(start, start + size);
    i = start + Math.ceil(size / 512) * 512;
  }
  return undefined;
}
