import { Header, Pax } from 'tar';

/**
 * Deterministic tar headers for layers and archives, encoded by node-tar (ustar, with a PAX extended
 * header first when a field does not fit: long or non-ASCII names, long link targets, big sizes).
 * Only what a layer needs: regular files, directories, symlinks; uid/gid and mtime are given,
 * uname/gname empty, no atime/ctime.
 */
export interface TarHeader {
  /** Path inside the archive, no leading slash; directories end with `/`. */
  name: string;
  type: 'file' | 'dir' | 'symlink';
  mode: number;
  size: number;
  mtime: number;
  uid: number;
  gid: number;
  linkTarget?: string;
}

export const BLOCK = 512;

export function padding(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest);
}

/** Two zero blocks end an archive. */
export const END_OF_ARCHIVE = Buffer.alloc(BLOCK * 2);

const TYPES = { file: 'File', dir: 'Directory', symlink: 'SymbolicLink' } as const;

/** The header block(s) of one entry (a PAX extended header first when a field does not fit ustar). */
export function encodeHeader(h: TarHeader): Buffer {
  const fields = {
    path: h.name,
    type: TYPES[h.type],
    mode: h.mode,
    uid: h.uid,
    gid: h.gid,
    size: h.type === 'file' ? h.size : 0,
    mtime: new Date(h.mtime * 1000),
    linkpath: h.linkTarget ?? '',
    uname: '',
    gname: '',
  };
  const header = new Header(fields);
  const block = Buffer.alloc(BLOCK);
  if (!header.encode(block)) return block;
  const pax = new Pax({ path: fields.path, mtime: fields.mtime, size: fields.size, uid: h.uid, gid: h.gid, ...(h.linkTarget ? { linkpath: h.linkTarget } : {}) });
  return Buffer.concat([pax.encode(), block]);
}
