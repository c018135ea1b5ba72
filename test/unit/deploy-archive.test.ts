import { describe, expect, it } from 'vitest';
import { tarFiles, untarFirstFile } from '../../src/deploy/engine/archive.js';

describe('container archive tar', () => {
  it('reads back the first regular file, past a long (PAX) name and a directory', () => {
    const long = `${'deep/'.repeat(30)}config.cfg`;
    expect(untarFirstFile(tarFiles([{ name: long, content: 'global\n  maxconn 100\n' }, { name: 'other', content: 'x' }]))?.toString()).toBe('global\n  maxconn 100\n');
    expect(untarFirstFile(tarFiles([{ name: 'empty', content: '' }, { name: 'b', content: 'b' }]))?.toString()).toBe('');
  });

  it('has nothing to give for an archive without files or for garbage', () => {
    expect(untarFirstFile(tarFiles([]))).toBeUndefined();
    expect(untarFirstFile(Buffer.alloc(0))).toBeUndefined();
    expect(untarFirstFile(Buffer.from('not a tar at all'.repeat(64)))).toBeUndefined();
  });
});
