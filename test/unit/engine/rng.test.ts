// The RNG: moments of the samplers, reproducibility, independence of streams.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../../../src/engine/math/rng';
import { normalCdf } from '../../../src/engine/math/special';

const N = 400_000;

function moments(draw: () => number, n = N): { mean: number; variance: number; skew: number; kurt: number } {
  let m1 = 0;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = draw();
    m1 += xs[i];
  }
  m1 /= n;
  for (let i = 0; i < n; i++) {
    const d = xs[i] - m1;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  return { mean: m1, variance: m2, skew: m3 / Math.pow(m2, 1.5), kurt: m4 / (m2 * m2) };
}

describe('rng', () => {
  it('normal: mean 0, variance 1, skewness 0, kurtosis 3', () => {
    const rng = Rng.stream(1, 0, 0, 'test');
    const m = moments(() => rng.normal());
    const se = 1 / Math.sqrt(N);
    assert.ok(Math.abs(m.mean) < 5 * se, `mean ${m.mean}`);
    assert.ok(Math.abs(m.variance - 1) < 5 * Math.sqrt(2) * se, `variance ${m.variance}`);
    assert.ok(Math.abs(m.skew) < 5 * Math.sqrt(6) * se, `skew ${m.skew}`);
    assert.ok(Math.abs(m.kurt - 3) < 5 * Math.sqrt(24) * se, `kurtosis ${m.kurt}`);
  });

  it('normal: tail probabilities match the normal CDF (ziggurat tail and wedges)', () => {
    const rng = Rng.stream(2, 0, 0, 'test');
    const cuts = [-4, -3, -2, -1, -0.5, 0, 0.5, 1, 2, 3, 3.7, 4];
    const counts = new Array(cuts.length).fill(0);
    const n = 2_000_000;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      for (let j = 0; j < cuts.length; j++) if (z < cuts[j]) counts[j]++;
    }
    cuts.forEach((c, j) => {
      const p = normalCdf(c);
      const se = Math.sqrt((p * (1 - p)) / n);
      assert.ok(Math.abs(counts[j] / n - p) < 5 * se + 1e-7, `P(Z < ${c}) = ${counts[j] / n} vs ${p}`);
    });
  });

  it('uniform doubles lie in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = Rng.stream(3, 0, 0, 'test');
    let min = 1;
    let max = 0;
    const m = moments(() => {
      const u = rng.nextDouble();
      if (u < min) min = u;
      if (u > max) max = u;
      return u;
    });
    assert.ok(min >= 0 && max < 1);
    assert.ok(Math.abs(m.mean - 0.5) < 5 * Math.sqrt(1 / 12 / N));
    assert.ok(Math.abs(m.variance - 1 / 12) < 1e-3);
  });

  it('Student-t: variance dof/(dof-2) for dof 5; Cauchy quartiles at -1 and 1', () => {
    const rng = Rng.stream(4, 0, 0, 'test');
    const m = moments(() => rng.studentT(5));
    assert.ok(Math.abs(m.mean) < 0.01, `mean ${m.mean}`);
    assert.ok(Math.abs(m.variance - 5 / 3) < 0.05, `variance ${m.variance}`);
    let inside = 0;
    for (let i = 0; i < N; i++) if (Math.abs(rng.studentT(1)) < 1) inside++;
    assert.ok(Math.abs(inside / N - 0.5) < 5 * Math.sqrt(0.25 / N), `P(|Cauchy| < 1) = ${inside / N}`);
    // dof 3: P(|T| < 1) = 0.6090 (2 F(1) - 1 for t_3).
    let in3 = 0;
    for (let i = 0; i < N; i++) if (Math.abs(rng.studentT(3)) < 1) in3++;
    assert.ok(Math.abs(in3 / N - 0.6089977810442293) < 5 * Math.sqrt(0.24 / N), `P(|t3| < 1) = ${in3 / N}`);
  });

  it('gamma: mean and variance equal the shape (shape < 1 and > 1)', () => {
    const rng = Rng.stream(5, 0, 0, 'test');
    for (const shape of [0.4, 1.5, 7]) {
      const m = moments(() => rng.gamma(shape), 200_000);
      assert.ok(Math.abs(m.mean - shape) < 0.02 * shape + 0.01, `shape ${shape}: mean ${m.mean}`);
      assert.ok(Math.abs(m.variance - shape) < 0.05 * shape + 0.01, `shape ${shape}: variance ${m.variance}`);
    }
  });

  it('rademacher: only +-1, balanced', () => {
    const rng = Rng.stream(6, 0, 0, 'test');
    let sum = 0;
    for (let i = 0; i < N; i++) {
      const r = rng.rademacher();
      assert.ok(r === 1 || r === -1);
      sum += r;
    }
    assert.ok(Math.abs(sum / N) < 5 / Math.sqrt(N));
  });

  it('is reproducible: the same stream gives the same numbers, on every call', () => {
    const a = Rng.stream(42, 3, 7, 'sgd');
    const b = Rng.stream(42, 3, 7, 'sgd');
    for (let i = 0; i < 1000; i++) assert.equal(a.normal(), b.normal());
    // Pinned values: identical on every machine (pure 32-bit integer arithmetic). Changing the
    // generator changes every result: bump ENGINE_VERSION and re-pin.
    const c = Rng.stream(0, 0, 0, 'sgd');
    assert.deepEqual([c.nextU32(), c.nextU32(), c.nextU32()], [2170962910, 2393482562, 470869996]);
    assert.equal(c.normal(), 0.7243053364921369);
    assert.equal(c.nextDouble(), 0.19064954958910907);
  });

  it('streams differ by master seed, run, seed index and kind, and are uncorrelated', () => {
    const base = [1, 0, 0] as const;
    const variants: Rng[] = [
      Rng.stream(base[0], base[1], base[2], 'sgd'),
      Rng.stream(2, 0, 0, 'sgd'),
      Rng.stream(1, 1, 0, 'sgd'),
      Rng.stream(1, 0, 1, 'sgd'),
      Rng.stream(1, 0, 0, 'hsgd'),
      Rng.stream(1 + 2 ** 32, 0, 0, 'sgd'),
    ];
    const n = 100_000;
    const samples = variants.map((r) => Float64Array.from({ length: n }, () => r.normal()));
    for (let i = 0; i < samples.length; i++) {
      for (let j = i + 1; j < samples.length; j++) {
        let dot = 0;
        for (let k = 0; k < n; k++) dot += samples[i][k] * samples[j][k];
        const corr = dot / n;
        assert.ok(Math.abs(corr) < 5 / Math.sqrt(n), `streams ${i} and ${j}: correlation ${corr}`);
        assert.notEqual(samples[i][0], samples[j][0]);
      }
    }
  });

  it('consecutive draws are uncorrelated (lag 1)', () => {
    const rng = Rng.stream(9, 0, 0, 'test');
    let prev = rng.normal();
    let dot = 0;
    for (let i = 0; i < N; i++) {
      const z = rng.normal();
      dot += z * prev;
      prev = z;
    }
    assert.ok(Math.abs(dot / N) < 5 / Math.sqrt(N));
  });
});
