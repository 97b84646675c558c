// Result JSON v1 (exact key order, non-finite as null) and the long CSV (inf/nan, quoting, empties).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvText, resultToCsv, suggestionToCsv } from '../../../src/engine/results/csv';
import type { ExperimentResult } from '../../../src/engine/results/types';
import { stringifyResult, toResultJson } from '../../../src/engine/results/resultJson';

function result(): ExperimentResult {
  return {
    format: 'clipexp-result',
    version: 1,
    name: 'formats',
    t: [0, 1],
    runs: [
      {
        name: 'SGD, "plain"',
        status: 'diverged',
        divergedAt: 0.5,
        ode: { risk: [0.5, Infinity], mu: [1, 1], nu: [Infinity, Infinity], threshold: [Infinity, Infinity], ccc: [1, NaN] },
        sgd: { median: [0.5, 3], q10: [0.5, 2], q90: [0.5, Infinity], mean: [0.5, Infinity], seeds: 4, diverged: 1 },
        hsgd: null,
      },
      { name: 'clip', status: 'ok', ode: null, sgd: null, hsgd: { median: [0.5, 0.1], q10: [0.4, 0.05], q90: [0.6, 0.2] } },
      { name: 'lost', status: 'failed', error: 'SGD seed 2: worker exited with code 3', ode: null, sgd: null, hsgd: null },
    ],
    suggestion: {
      run: 'SGD',
      lr: 0.5,
      noClip: { risk: Infinity },
      bestConstant: { threshold: 10, risk: 0.07 },
      heuristic: { param: 0.7, risk: 0.06, t: [0, 1], threshold: [20, 9] },
      greedy: { risk: 0.05, t: [0, 1], threshold: [30, 4] },
    },
  };
}

describe('result JSON v1', () => {
  it('has exactly the documented keys, in order', () => {
    const json = JSON.parse(stringifyResult(result()));
    assert.deepEqual(Object.keys(json), ['format', 'version', 'name', 't', 'runs', 'suggestion']);
    assert.deepEqual(Object.keys(json.runs[0]), ['name', 'status', 'divergedAt', 'ode', 'sgd', 'hsgd']);
    assert.deepEqual(Object.keys(json.runs[1]), ['name', 'status', 'ode', 'sgd', 'hsgd']);
    assert.deepEqual(Object.keys(json.runs[2]), ['name', 'status', 'error', 'ode', 'sgd', 'hsgd']);
    assert.deepEqual(Object.keys(json.runs[0].ode), ['risk', 'mu', 'nu', 'threshold', 'ccc']);
    assert.deepEqual(Object.keys(json.runs[0].sgd), ['median', 'q10', 'q90', 'mean', 'seeds', 'diverged']);
    assert.deepEqual(Object.keys(json.runs[1].hsgd), ['median', 'q10', 'q90']);
    assert.deepEqual(Object.keys(json.suggestion), ['run', 'lr', 'noClip', 'bestConstant', 'heuristic', 'greedy']);
  });

  it('writes infinite and NaN values as null, and keeps finite ones exactly', () => {
    const json = toResultJson(result()) as any;
    assert.deepEqual(json.runs[0].ode.risk, [0.5, null]);
    assert.deepEqual(json.runs[0].ode.ccc, [1, null]);
    assert.deepEqual(json.runs[0].sgd.q90, [0.5, null]);
    assert.equal(json.suggestion.noClip.risk, null);
    assert.equal(json.runs[0].status, 'diverged');
    const text = stringifyResult(result());
    assert.doesNotMatch(text, /Infinity|NaN/);
    assert.equal(JSON.parse(stringifyResult({ ...result(), t: [0.1 + 0.2] })).t[0], 0.1 + 0.2);
  });
});

describe('CSV', () => {
  it('one row per run and time, one column per series', () => {
    const lines = resultToCsv(result()).trimEnd().split('\n');
    assert.equal(lines[0], 'run,t,ode_risk,ode_mu,ode_nu,ode_threshold,ode_ccc,sgd_median,sgd_q10,sgd_q90,sgd_mean,hsgd_median,hsgd_q10,hsgd_q90');
    assert.equal(lines.length, 1 + 3 * 2);
    assert.equal(lines[1], '"SGD, ""plain""",0,0.5,1,inf,inf,1,0.5,0.5,0.5,0.5,,,');
    assert.equal(lines[2], '"SGD, ""plain""",1,inf,1,inf,inf,nan,3,2,inf,inf,,,');
    assert.equal(lines[4], 'clip,1,,,,,,,,,,0.1,0.05,0.2');
    assert.equal(lines[6], 'lost,1,,,,,,,,,,,,');
  });

  it('quotes only when needed', () => {
    assert.equal(csvText('plain'), 'plain');
    assert.equal(csvText('a,b'), '"a,b"');
    assert.equal(csvText('line\nbreak'), '"line\nbreak"');
  });

  it('the suggestion schedules', () => {
    assert.equal(suggestionToCsv(result().suggestion!), 't,heuristic_threshold,greedy_threshold\n0,20,30\n1,9,4\n');
  });
});
