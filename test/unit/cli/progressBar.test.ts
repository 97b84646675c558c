// The stderr progress bar: redrawn in place, clipped to the terminal width, cleared at the end.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProgressBar } from '../../../src/cli/progressBar';

function fakeTerminal(columns: number) {
  const writes: string[] = [];
  const stream = { columns, write: (s: string) => { writes.push(s); return true; } } as unknown as NodeJS.WriteStream;
  return { stream, writes };
}

describe('ProgressBar', () => {
  it('draws the fraction and message on one line, in place', () => {
    const { stream, writes } = fakeTerminal(100);
    const bar = new ProgressBar(stream);
    bar.update(0.5, 'clip c=3: seed 4/8');
    assert.equal(writes.length, 1);
    assert.equal(writes[0], '\r\x1b[2K[############------------]  50% clip c=3: seed 4/8');
    bar.update(0.6, 'too soon');          // throttled
    assert.equal(writes.length, 1);
    bar.update(1, 'done');                // the end is always drawn
    assert.match(writes[1], /\[#{24}\] 100% done$/);
    bar.clear();
    assert.equal(writes[2], '\r\x1b[2K');
    bar.clear();
    assert.equal(writes.length, 3, 'clearing twice writes once');
  });

  it('never wraps: long messages are cut to the terminal width', () => {
    const { stream, writes } = fakeTerminal(50);
    new ProgressBar(stream).update(0.1, 'x'.repeat(200));
    const visible = writes[0].replace('\r\x1b[2K', '');
    assert.ok(visible.length <= 49, `${visible.length} characters`);
    assert.ok(visible.endsWith('…'));
  });
});
