// Property test: thousands of mutations of the examples (deleted keys, swapped types, garbage,
// truncation, edge numbers). The validator never throws, every problem is located inside the file,
// and every accepted file runs (shrunk to a tiny dimension and horizon) through the kernels without an
// error. Accepted mutations that shrink to the same config are run once.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ExperimentConfig } from '../../../src/engine/config/types';
import { canonicalJson } from '../../../src/engine/results/hash';
import { applyEdits, modify, parseTree, type JSONPath, type Node } from '../../../src/engine/config/jsonc';
import { simulateRunSeed, solveRunOde } from '../../../src/engine/run/experimentTasks';
import { parseExperiment } from '../../../src/engine/config/validate';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
const MUTATIONS_PER_EXAMPLE = 600;

/** mulberry32: a tiny seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pathsOf(node: Node | undefined, path: JSONPath = [], out: JSONPath[] = []): JSONPath[] {
  if (!node) return out;
  if (path.length) out.push(path);
  if (node.type === 'object') {
    for (const p of node.children ?? []) if (p.children?.[1]) pathsOf(p.children[1], [...path, p.children[0].value], out);
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((c, i) => pathsOf(c, [...path, i], out));
  }
  return out;
}

const ODD_VALUES: unknown[] = [
  0, -1, 1, 0.5, 2.5, 1e308, -1e-300, 100001, 4294967296, '', 'x', '0.5', 'studentT', 'log', true, false, null,
  [], [1], [0, 0], [-1, 2], {}, { kind: 'constant' }, { kind: 'schedule', t: [0, 1], lr: [1] }, 'a'.repeat(300),
];
const GARBAGE = ['{', '}', '[', ']', ',', ':', '"', '//', '/*', '*/', '\\', 'null', 'NaN', '1e999', '-', '\u0000', '\n', 'é', '😀', '\uFEFF', ',,', '"kind": "none"'];

function mutate(text: string, rnd: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const formatting = { tabSize: 2, insertSpaces: true, eol: '\n' };
  const paths = pathsOf(parseTree(text));
  const kind = Math.floor(rnd() * 6);
  try {
    switch (kind) {
      case 0: // delete a key or item
        return applyEdits(text, modify(text, pick(paths), undefined, { formattingOptions: formatting }));
      case 1: // set a value of another type or out of range
        return applyEdits(text, modify(text, pick(paths), pick(ODD_VALUES), { formattingOptions: formatting }));
      case 2: { // insert garbage
        const at = Math.floor(rnd() * (text.length + 1));
        return text.slice(0, at) + pick(GARBAGE) + text.slice(at);
      }
      case 3: // truncate
        return text.slice(0, Math.floor(rnd() * text.length));
      case 4: { // add an unknown or misspelt key
        const path = pick(paths);
        const key = pick(['noize', 'Dim', 'threshhold', 'kind2', 'lr ', '__proto__', 'constructor']);
        return applyEdits(text, modify(text, [...path.slice(0, -1), key], pick(ODD_VALUES), { formattingOptions: formatting }));
      }
      default: { // two mutations
        return mutate(mutate(text, rnd), rnd);
      }
    }
  } catch {
    return text.slice(0, Math.floor(rnd() * text.length)); // modify refused (e.g. path into a scalar)
  }
}

function checkLocations(text: string, problems: ReturnType<typeof parseExperiment>['problems']) {
  const lines = text.split(/\r\n|\r|\n/);
  for (const p of problems) {
    assert.doesNotMatch(p.message, /internal error/, `validator bug on:\n${text}`);
    assert.ok(Number.isInteger(p.line) && p.line >= 1 && p.line <= lines.length, `line ${p.line} of ${lines.length}: ${p.message}`);
    assert.ok(Number.isInteger(p.column) && p.column >= 1 && p.column <= lines[p.line - 1].length + 1, `column ${p.column} on line ${p.line}: ${p.message}`);
    assert.ok(p.offset >= 0 && p.offset <= text.length && p.length >= 1, `offset ${p.offset}/${text.length}`);
    assert.ok(p.message.length > 0 && p.severity.length > 0);
  }
}

/** The same experiment, tiny: the kernels must handle anything the validator accepts. */
function shrink(config: ExperimentConfig): ExperimentConfig {
  const c: ExperimentConfig = JSON.parse(JSON.stringify(config));
  c.problem.dim = Math.min(c.problem.dim, 6);
  if (c.problem.spectrum.kind === 'values') c.problem.spectrum.values = c.problem.spectrum.values.slice(0, c.problem.dim);
  c.horizon = Math.min(c.horizon, 1);
  c.record.points = Math.min(c.record.points, 4);
  c.seeds = Math.min(c.seeds, 1);
  return c;
}

function runTiny(config: ExperimentConfig) {
  for (let i = 0; i < config.runs.length; i++) {
    const ode = solveRunOde(config, i);
    assert.equal(ode.risk.length, config.record.points);
    for (const kind of ['sgd', 'hsgd'] as const) {
      const seed = simulateRunSeed(config, i, 0, kind);
      assert.equal(seed.risk.length, config.record.points);
    }
  }
}

describe('validator fuzz', () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.clipexp.json'));
  const executed = new Set<string>();
  let accepted = 0;
  let rejected = 0;
  for (const [index, file] of files.entries()) {
    it(`${MUTATIONS_PER_EXAMPLE} mutations of ${file}`, () => {
      const original = readFileSync(join(EXAMPLES, file), 'utf8');
      const rnd = random(1000 + index);
      for (let n = 0; n < MUTATIONS_PER_EXAMPLE; n++) {
        const text = mutate(original, rnd);
        let result: ReturnType<typeof parseExperiment>;
        assert.doesNotThrow(() => { result = parseExperiment(text); }, `mutation ${n} of ${file}`);
        checkLocations(text, result!.problems);
        if (!result!.config) {
          rejected++;
          assert.ok(result!.problems.some((p) => p.severity === 'error'), 'a rejection has at least one located error');
          continue;
        }
        accepted++;
        const tiny = shrink(result!.config);
        const key = canonicalJson(tiny);
        if (executed.has(key)) continue;
        executed.add(key);
        assert.doesNotThrow(() => runTiny(tiny), `accepted mutation ${n} of ${file} fails to run:\n${text}`);
      }
    });
  }
  it('exercised both outcomes', () => {
    assert.ok(rejected > 2000, `rejected ${rejected}`);
    assert.ok(accepted > 200, `accepted ${accepted}`);
    assert.ok(executed.size > 100, `ran ${executed.size} distinct accepted configs`);
  });
});
