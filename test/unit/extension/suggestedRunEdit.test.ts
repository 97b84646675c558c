// "Add as run": the text edit keeps the file valid, its comments and its style.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Suggestion } from '../../../src/engine/results/types';
import { parseExperiment } from '../../../src/engine/config/validate';
import { addRunEdits, applyTextEdits, compactJson, roundKappa, suggestedRun, uniqueRunName } from '../../../src/extension/commands/suggestedRunEdit';

const FORMAT = { insertSpaces: true, tabSize: 2, eol: '\n' };
const EXAMPLE = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'cauchy.clipexp.json'), 'utf8');

function suggestion(run: string, kappa: number): Suggestion {
  return {
    run,
    lr: 0.5,
    noClip: { risk: Infinity },
    bestConstant: { threshold: 16, risk: 0.07 },
    heuristic: { param: kappa, risk: 0.062, t: [0, 10], threshold: [30, 12] },
    greedy: { risk: 0.056, t: [0, 10], threshold: [28, 11] },
  };
}

function addTo(text: string, s: Suggestion) {
  const before = parseExperiment(text);
  assert.ok(before.config, JSON.stringify(before.problems));
  const run = suggestedRun(s, before.config);
  const after = applyTextEdits(text, addRunEdits(text, run, FORMAT));
  return { run, after, parsed: parseExperiment(after) };
}

describe('add the suggested run', () => {
  it('appends a heuristic run with the tuned kappa and keeps every comment and the rest of the text', () => {
    const { run, after, parsed } = addTo(EXAMPLE, suggestion('SGD', 0.70312));
    assert.ok(parsed.config, JSON.stringify(parsed.problems));
    const runs = parsed.config.runs;
    assert.equal(runs.length, 4);
    assert.deepEqual(runs[3], { name: 'suggested heuristic kappa=0.703', lr: 0.5, clip: { kind: 'heuristic', param: 0.703 } });
    assert.deepEqual(run, runs[3]);
    // Nothing else changed: the old text minus the insertion is the original.
    const comments = EXAMPLE.match(/\/\/[^\n]*/g) ?? [];
    assert.ok(comments.length > 0);
    for (const c of comments) assert.ok(after.includes(c), `lost comment ${c}`);
    const inserted = after.length - EXAMPLE.length;
    const at = [...EXAMPLE].findIndex((ch, i) => after[i] !== ch);
    assert.equal(after.slice(0, at) + after.slice(at + inserted), EXAMPLE);
  });

  it('follows the one-run-per-line style of the file', () => {
    const { after } = addTo(EXAMPLE, suggestion('SGD', 0.7));
    assert.match(after, /\n    \{ "name": "suggested heuristic kappa=0\.7", "lr": 0\.5, "clip": \{ "kind": "heuristic", "param": 0\.7 \} \}\n  \]/);
  });

  it('formats with the editor options when runs span several lines', () => {
    const text = `{
\t"version": 1, "name": "x",
\t"problem": { "dim": 10, "spectrum": { "kind": "identity" }, "target": { "kind": "flat", "norm": 1 }, "init": { "kind": "zero" }, "noise": { "kind": "gaussian", "scale": 0.5 } },
\t"horizon": 2,
\t"runs": [
\t\t{
\t\t\t"name": "SGD",
\t\t\t"lr": 0.5 /* plain */
\t\t}
\t],
\t"seeds": 0
}`;
    const parsed = parseExperiment(text);
    assert.ok(parsed.config, JSON.stringify(parsed.problems));
    const run = suggestedRun(suggestion('SGD', 1.25), parsed.config);
    const after = applyTextEdits(text, addRunEdits(text, run, { insertSpaces: false, tabSize: 4, eol: '\n' }));
    const reparsed = parseExperiment(after);
    assert.ok(reparsed.config, JSON.stringify(reparsed.problems));
    assert.equal(reparsed.config.runs[1].name, 'suggested heuristic kappa=1.25');
    assert.match(after, /\/\* plain \*\//);
    assert.match(after, /\n\t\t\{\n\t\t\t"name": "suggested heuristic kappa=1\.25",/);
  });

  it('copes with a trailing comma after the last run and with CRLF files', () => {
    const crlf = EXAMPLE.replace(/(\{ "kind": "heuristic" \} \})/, '$1,').replace(/\n/g, '\r\n');
    const parsed = parseExperiment(crlf);
    assert.ok(parsed.config, JSON.stringify(parsed.problems));
    const run = suggestedRun(suggestion('SGD', 0.7), parsed.config);
    const after = applyTextEdits(crlf, addRunEdits(crlf, run, { ...FORMAT, eol: '\r\n' }));
    const reparsed = parseExperiment(after);
    assert.ok(reparsed.config, JSON.stringify(reparsed.problems));
    assert.equal(reparsed.config.runs.length, 4);
    assert.doesNotMatch(after.replace(/\r\n/g, ''), /\n/);
  });

  it('picks a name no run has yet, and uses the suggested run\'s learning rate', () => {
    assert.equal(uniqueRunName('a', ['a', 'a (2)']), 'a (3)');
    const once = addTo(EXAMPLE, suggestion('SGD', 0.7)).after;
    const { parsed } = addTo(once, suggestion('SGD', 0.7));
    assert.ok(parsed.config);
    assert.deepEqual(parsed.config.runs.slice(3).map((r) => r.name), ['suggested heuristic kappa=0.7', 'suggested heuristic kappa=0.7 (2)']);
    const schedText = EXAMPLE.replace('{ "name": "SGD", "lr": 0.5 }', '{ "name": "SGD", "lr": { "kind": "schedule", "t": [0, 10], "lr": [0.5, 0.1] } }');
    const sched = parseExperiment(schedText);
    assert.ok(sched.config, JSON.stringify(sched.problems));
    assert.deepEqual(suggestedRun(suggestion('SGD', 0.7), sched.config).lr, { kind: 'schedule', t: [0, 10], lr: [0.5, 0.1] });
  });

  it('rounds kappa to 3 significant digits and writes compact JSON', () => {
    assert.equal(roundKappa(0.123456), 0.123);
    assert.equal(roundKappa(12.3456), 12.3);
    assert.equal(compactJson({ a: 1, b: { c: [1, 2] }, d: 'x' }), '{ "a": 1, "b": { "c": [1, 2] }, "d": "x" }');
  });
});
