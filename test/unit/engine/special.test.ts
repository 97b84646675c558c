import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pow } from '../../../src/engine/math/special';

test('pow agrees with Math.pow to 1e-14 relative over a wide range', () => {
  let state = 12345;
  const uniform = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < 20000; i++) {
    const x = Math.exp((uniform() - 0.5) * 40); // 2e-9 .. 5e8
    const y = (uniform() - 0.5) * 10;
    const expected = Math.pow(x, y);
    assert.ok(Math.abs(pow(x, y) - expected) <= 1e-14 * expected, `pow(${x}, ${y}) = ${pow(x, y)}, Math.pow ${expected}`);
  }
});

test('pow is exact on powers of ten and small integer powers, with the sign of negative bases', () => {
  for (let k = -22; k <= 22; k++) assert.equal(pow(10, k), Number(`1e${k}`), `10^${k}`);
  assert.equal(pow(3, 4), 81);
  assert.equal(pow(-2, 3), -8);
  assert.equal(pow(-2, -2), 0.25);
  assert.ok(Math.abs(pow(-1.5, 71) + Math.pow(1.5, 71)) <= 1e-14 * Math.pow(1.5, 71));
  assert.ok(Number.isNaN(pow(-2, 0.5)));
});

test('pow keeps the IEEE special cases', () => {
  assert.equal(pow(0, 2), 0);
  assert.equal(pow(0, -1), Infinity);
  assert.equal(pow(Infinity, -0.2), 0);
  assert.equal(pow(5, 0), 1);
  assert.equal(pow(2, Infinity), Infinity);
  assert.ok(Number.isNaN(pow(NaN, 2)));
});
