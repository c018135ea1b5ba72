import { describe, expect, it } from 'vitest';
import { peerText } from '../../src/log.js';

describe('peerText', () => {
  it('keeps a peer string on one line and never lets it start a workflow command', () => {
    const hostile = '27.0\n::error title=X::owned\r\n::add-mask::1';
    const safe = peerText(hostile);
    expect(safe).not.toMatch(/[\r\n]/);
    expect(safe).toBe('27.0\\n::error title=X::owned\\r\\n::add-mask::1');
    expect(peerText('::warning::x').startsWith('::')).toBe(false);
    expect(peerText('a\u2028b\u0000c')).toBe('a\\u2028b\\u0000c');
  });
  it('cuts long text', () => {
    expect(peerText('x'.repeat(10), 4)).toBe('xxxx…');
  });
});
