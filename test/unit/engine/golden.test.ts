// Every golden case (an independent NumPy reference): the ODE risk within 1% at every recorded
// point (null = infinite), and the C-SGD seed median inside the reference's [q10, q90] band at
// every recorded point after t = 0, with the golden config's own seeds and dimension.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateSeeds, recordGrid, simulateRunSeed, solveRunOde } from '../../../src/engine/run/experimentTasks';
import { fromJson, loadGoldenCases } from '../../fixtures/goldenCases';

const cases = loadGoldenCases();

describe('golden cases', () => {
  it('has the golden cases', () => {
    assert.ok(cases.length >= 6, `found ${cases.length} golden files`);
  });

  for (const c of cases) {
    describe(c.file, () => {
      it('record grid matches', () => {
        const t = recordGrid(c.config);
        assert.equal(t.length, c.expected.t.length);
        t.forEach((x, i) => assert.ok(Math.abs(x - c.expected.t[i]) <= 1e-12 * Math.max(1, c.expected.t[i]), `t[${i}] = ${x} vs ${c.expected.t[i]}`));
      });

      c.config.runs.forEach((run, ri) => {
        const expected = c.expected.runs[ri];
        it(`${run.name}: ODE risk within 1%`, () => {
          const ode = solveRunOde(c.config, ri);
          expected.ode.risk.forEach((e, i) => {
            const want = fromJson(e);
            const got = ode.risk[i];
            if (want === Infinity) assert.equal(got, Infinity, `t[${i}]: expected infinite risk, got ${got}`);
            else assert.ok(Math.abs(got - want) <= 0.01 * want, `t[${i}]: ODE risk ${got} vs golden ${want}`);
          });
          if (expected.ode.risk.some((e) => e === null)) assert.ok(ode.divergedAt !== undefined, 'divergedAt is set');
        });

        if (c.config.seeds > 0 && expected.sgd) {
          it(`${run.name}: SGD median inside the golden [q10, q90]`, () => {
            const risks = [];
            for (let s = 0; s < c.config.seeds; s++) risks.push(simulateRunSeed(c.config, ri, s, 'sgd').risk);
            const band = aggregateSeeds(risks);
            const sgd = expected.sgd!;
            for (let i = 1; i < band.median.length; i++) {
              const lo = fromJson(sgd.q10[i]);
              const hi = fromJson(sgd.q90[i]);
              const m = band.median[i];
              assert.ok(m >= lo && m <= hi, `t[${i}] = ${c.expected.t[i]}: median ${m} outside [${lo}, ${hi}]`);
            }
          });
        }
      });
    });
  }
});
