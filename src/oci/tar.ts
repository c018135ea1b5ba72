/**
 * Minimal deterministic tar (ustar + PAX for long names / big sizes) header encoding. Only what a
 * layer needs: regular files, directories, symlinks; uid/gid and mtime are given, uname/gname empty.
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
const MAX_OCTAL_SIZE = 0o77777777777;

export function padding(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest);
}

/** Two zero blocks end an archive. */
export const END_OF_ARCHIVE = Buffer.alloc(BLOCK * 2);

function writeString(block: Buffer, offset: number, length: number, value: string): void {
  block.write(value, offset, length, 'utf8');
}

function writeOctal(block: Buffer, offset: number, length: number, value: number): void {
  writeString(block, offset, length - 1, value.toString(8).padStart(length - 1, '0'));
}

/** Splits a name into ustar prefix/name, or returns undefined when it does not fit. */
function splitUstarName(name: string): { prefix: string; name: string } | undefined {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', name };
  for (let i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100 && rest !== '') return { prefix, name: rest };
  }
  return undefined;
}

function rawHeader(h: {
  name: string;
  prefix: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  typeflag: string;
  linkname: string;
}): Buffer {
  const block = Buffer.alloc(BLOCK);
  writeString(block, 0, 100, h.name);
  writeOctal(block, 100, 8, h.mode);
  writeOctal(block, 108, 8, h.uid);
  writeOctal(block, 116, 8, h.gid);
  writeOctal(block, 124, 12, h.size);
  writeOctal(block, 136, 12, h.mtime);
  block.fill(0x20, 148, 156);
  writeString(block, 156, 1, h.typeflag);
  writeString(block, 157, 100, h.linkname);
  writeString(block, 257, 6, 'ustar\0');
  writeString(block, 263, 2, '00');
  writeString(block, 345, 155, h.prefix);
  let sum = 0;
  for (const byte of block) sum += byte;
  writeString(block, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return `${len}${body}`;
}

/** The header block(s) of one entry (a PAX extended header first when a field does not fit ustar). */
export function encodeHeader(h: TarHeader): Buffer {
  const typeflag = h.type === 'file' ? '0' : h.type === 'dir' ? '5' : '2';
  const size = h.type === 'file' ? h.size : 0;
  const linkname = h.linkTarget ?? '';
  const split = splitUstarName(h.name);
  const pax: string[] = [];
  if (!split) pax.push(paxRecord('path', h.name));
  if (Buffer.byteLength(linkname) > 100) pax.push(paxRecord('linkpath', linkname));
  if (size > MAX_OCTAL_SIZE) pax.push(paxRecord('size', String(size)));
  const main = rawHeader({
    name: split ? split.name : h.name.slice(0, 99),
    prefix: split ? split.prefix : '',
    mode: h.mode,
    uid: h.uid,
    gid: h.gid,
    size: size > MAX_OCTAL_SIZE ? 0 : size,
    mtime: h.mtime,
    typeflag,
    linkname: Buffer.byteLength(linkname) > 100 ? '' : linkname,
  });
  if (pax.length === 0) return main;
  const body = Buffer.from(pax.join(''), 'utf8');
  const paxHeader = rawHeader({
    name: `PaxHeaders/${h.name}`.slice(0, 99),
    prefix: '',
    mode: 0o644,
    uid: h.uid,
    gid: h.gid,
    size: body.length,
    mtime: h.mtime,
    typeflag: 'x',
    linkname: '',
  });
  return Buffer.concat([paxHeader, body, padding(body.length), main]);
}
