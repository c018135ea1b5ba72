import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tarFiles, untarFirstFile } from '../../src/deploy/engine/archive.js';
import { demux } from '../../src/deploy/engine/client.js';
import { knownHostKeys, knownHostsName } from '../../src/deploy/engine/known-hosts.js';
import { parseHostState, withHistory, type HistoryEntry } from '../../src/deploy/core/host-state.js';

const KEY_A = Buffer.from('key-a-blob').toString('base64');
const KEY_B = Buffer.from('key-b-blob').toString('base64');

describe('known_hosts matching', () => {
  it('names non-22 ports as [host]:port', () => {
    expect(knownHostsName('h.example', 22)).toBe('h.example');
    expect(knownHostsName('127.0.0.1', 2222)).toBe('[127.0.0.1]:2222');
  });

  it('finds plain, comma-listed, wildcard and hashed entries; skips other hosts and negations', () => {
    const salt = Buffer.from('0123456789abcdefghij');
    const hash = createHmac('sha1', salt).update('[127.0.0.1]:2222').digest('base64');
    const text = [
      '# comment',
      `[127.0.0.1]:2222 ssh-ed25519 ${KEY_A}`,
      `other,h.example ssh-ed25519 ${KEY_B}`,
      `|1|${salt.toString('base64')}|${hash} ssh-ed25519 ${KEY_B}`,
      `*.example,!bad.example ssh-rsa ${KEY_A}`,
    ].join('\n');
    expect(knownHostKeys(text, '127.0.0.1', 2222).keys.map((k) => k.toString())).toEqual(['key-a-blob', 'key-b-blob']);
    expect(knownHostKeys(text, '127.0.0.1', 22).keys).toEqual([]);
    expect(knownHostKeys(text, 'h.example', 22).keys.map((k) => k.toString())).toEqual(['key-b-blob', 'key-a-blob']);
    expect(knownHostKeys(text, 'bad.example', 22).keys).toEqual([]);
  });

  it('returns @revoked keys separately and ignores @cert-authority lines', () => {
    const text = `@revoked h ssh-ed25519 ${KEY_A}\n@cert-authority h ssh-ed25519 ${KEY_B}\n`;
    const r = knownHostKeys(text, 'h', 22);
    expect(r.keys).toEqual([]);
    expect(r.revoked.map((k) => k.toString())).toEqual(['key-a-blob']);
  });
});

describe('archive and stream framing', () => {
  it('writes a tar the reader (and the engine) understands', () => {
    const tar = tarFiles([{ name: 'haproxy.cfg', content: 'global\n'.repeat(200) }]);
    expect(tar.length % 512).toBe(0);
    expect(untarFirstFile(tar)?.toString()).toBe('global\n'.repeat(200));
    expect(tar.subarray(257, 262).toString()).toBe('ustar');
  });

  it('splits the multiplexed stdout/stderr stream on its 8-byte frame headers', () => {
    const frame = (type: number, text: string) => {
      const h = Buffer.alloc(8);
      h[0] = type;
      h.writeUInt32BE(Buffer.byteLength(text), 4);
      return Buffer.concat([h, Buffer.from(text)]);
    };
    const out = demux(Buffer.concat([frame(1, 'hello '), frame(2, 'oops\n'), frame(1, 'world\n')]));
    expect(out).toEqual({ stdout: 'hello world\n', stderr: 'oops\n' });
  });
});

describe('host state', () => {
  it('starts empty and keeps only the last historyLimit entries', () => {
    let s = parseHostState(undefined);
    expect(s).toEqual({ colors: {}, history: [] });
    const entry = (i: number): HistoryEntry => ({ at: `t${i}`, kind: 'deploy', outcome: 'live', image: `r@sha256:${i}`, color: 'blue', owner: `run-${i}` });
    for (let i = 0; i < 25; i++) s = withHistory(s, entry(i), 20);
    expect(s.history).toHaveLength(20);
    expect(s.history[0].owner).toBe('run-5');
    expect(parseHostState(JSON.stringify(s)).history).toHaveLength(20);
  });
});
