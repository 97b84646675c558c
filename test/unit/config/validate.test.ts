// parseExperiment: located, plain-language errors for every kind of bad input, defaults,
// and acceptance of valid files with comments and trailing commas.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseExperiment } from '../../../src/engine/config/validate';
import { GOLDEN_DIR } from '../../fixtures/goldenCases';
import { baseExperiment, describeProblems, errorsOf, positionOf } from './helpers';

const ROOT = join(__dirname, '..', '..', '..');

/** The single error of `text`, checked for path, message and position of `needle` (+ shift). */
function expectError(text: string, path: string, message: string | RegExp, at?: { needle: string; shift?: number; nth?: number } | number) {
  const result = parseExperiment(text);
  assert.equal(result.config, undefined, 'config must be absent when there are errors');
  const errors = result.problems.filter((p) => p.severity === 'error');
  const match = errors.find((p) => p.path === path && (typeof message === 'string' ? p.message === message : message.test(p.message)));
  assert.ok(match, `expected ${path}: ${message}\ngot:\n${describeProblems(errors)}`);
  if (at) {
    const expected = typeof at === 'number' ? positionOf(text, text.slice(at), 0) : positionOf(text, at.needle, at.shift ?? 0, at.nth ?? 1);
    assert.deepEqual({ line: match.line, column: match.column }, expected, `position of ${path}: ${match.message}`);
  }
  return match;
}

function text(mutate: (config: any) => void): string {
  const config = baseExperiment();
  mutate(config);
  return JSON.stringify(config, null, 2);
}

describe('parseExperiment: valid input', () => {
  it('accepts the base experiment, with comments and trailing commas, and fills defaults', () => {
    const jsonc = `// an experiment
{
  "version": 1, "name": "x", /* inline */
  "problem": { "dim": 3, "spectrum": { "kind": "powerLaw", "exponent": 1, },
    "target": { "kind": "gaussian", "norm": 1 }, "init": { "kind": "zero" }, "noise": { "kind": "none" } },
  "horizon": 5,
  "runs": [ { "name": "a", "lr": 0.5 }, { "name": "b", "lr": { "kind": "schedule", "t": [0, 5], "lr": [1, 0.1] },
    "clip": { "kind": "heuristic" } }, ],
}`;
    const result = parseExperiment(jsonc);
    assert.deepEqual(result.problems, []);
    assert.ok(result.config);
    assert.equal(result.config.seeds, 8);
    assert.equal(result.config.seed, 0);
    assert.deepEqual(result.config.record, { points: 200, spacing: 'log' });
    assert.equal(result.config.ode, true);
    assert.deepEqual(result.config.runs[1], { name: 'b', lr: { kind: 'schedule', t: [0, 5], lr: [1, 0.1] }, clip: { kind: 'heuristic' } });
  });

  it('fills a partial record with defaults', () => {
    const result = parseExperiment(text((c) => { c.record = { points: 50 }; }));
    assert.deepEqual(result.config?.record, { points: 50, spacing: 'log' });
  });

  it('accepts every example and golden config', () => {
    const files = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.clipexp.json')).map((f) => join(ROOT, 'examples', f));
    const goldens = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.golden.json')).map((f) => join(GOLDEN_DIR, f));
    assert.ok(files.length >= 5, 'examples/ has at least five experiments');
    assert.ok(goldens.length >= 6, 'test/fixtures/golden/ has the six golden cases');
    for (const file of files) {
      const result = parseExperiment(readFileSync(file, 'utf8'));
      assert.deepEqual(result.problems.filter((p) => p.severity === 'error'), [], file);
    }
    for (const file of goldens) {
      const config = JSON.parse(readFileSync(file, 'utf8')).config;
      const result = parseExperiment(JSON.stringify(config));
      assert.deepEqual(result.problems.filter((p) => p.severity === 'error'), [], file);
      assert.deepEqual(result.config, config, `${file}: the validated config equals the input (all fields given)`);
    }
  });

  it('does not copy unknown or prototype keys into the config', () => {
    const result = parseExperiment(text((c) => { c.problem.noise = JSON.parse('{"kind":"none","__proto__":{"polluted":1}}'); }));
    assert.equal(result.config, undefined);
    assert.match(describeProblems(result.problems), /unknown key "__proto__"/);
    assert.equal(({} as any).polluted, undefined);
  });
});

describe('parseExperiment: not JSON', () => {
  const cases: Array<[string, string, RegExp, number, number]> = [
    ['empty file', '', /the file is empty/, 1, 1],
    ['whitespace only', '  \n  ', /the file is empty/, 1, 1],
    ['missing colon', '{\n  "version" 1\n}', /expected ":"/, 2, 12],
    ['missing comma', '{\n  "version": 1\n  "name": "x"\n}', /expected ","/, 2, 15],
    ['bare word', '{\n  "name": hello\n}', /unexpected "hello"/, 2, 11],
    ['unclosed string', '{\n  "name": "abc\n}', /string is not closed/, 2, 11],
    ['truncated', '{\n  "version": 1,\n  "problem": {', /unexpected end of file/, 3, 15],
    ['unclosed comment', '{ /* note', /comment is not closed/, 1, 3],
    ['text after the end', '{}\n{}', /after the end/, 2, 1],
  ];
  for (const [name, input, message, line, column] of cases) {
    it(`${name}: located at the parser's offset`, () => {
      const result = parseExperiment(input);
      assert.equal(result.config, undefined);
      const first = result.problems[0];
      assert.ok(first, 'a problem is reported');
      assert.match(first.message, message, describeProblems(result.problems));
      assert.deepEqual({ line: first.line, column: first.column }, { line, column }, describeProblems(result.problems));
    });
  }

  // Each error names the object or array being read and sits where the user must type the fix.
  const located = (input: string, path: string, message: string, line: number, column: number) => {
    const result = parseExperiment(input);
    assert.equal(result.config, undefined);
    assert.deepEqual(
      result.problems.map((p) => ({ path: p.path, message: p.message, line: p.line, column: p.column })),
      [{ path, message, line, column }],
      describeProblems(result.problems),
    );
  };

  it('missing comma after a value: the enclosing object, after the previous value', () => {
    const input = text((c) => { c.horizon = 10; }).replace('"horizon": 10,', '"horizon": 10');
    const at = positionOf(input, '"horizon": 10', '"horizon": 10'.length);
    located(input, '', 'expected "," after the value of "horizon"', at.line, at.column);
    // A comment between the value and the next key does not move the spot.
    located('{\n  "horizon": 10 // ten\n  "runs": []\n}', '', 'expected "," after the value of "horizon"', 2, 16);
    // An object value: after its "}".
    const nested = text(() => {}).replace(/("ode": true)\n/, '$1,\n  "x": 1\n').replace('\n  },\n  "horizon"', '\n  }\n  "horizon"');
    const end = positionOf(nested, '\n  }\n  "horizon"', 4);
    located(nested, '', 'expected "," after the value of "problem"', end.line, end.column);
  });

  it('missing comma inside a nested object: that object\'s path', () => {
    const input = text(() => {}).replace('"name": "clip",', '"name": "clip"');
    const at = positionOf(input, '"name": "clip"', '"name": "clip"'.length);
    located(input, 'runs[1]', 'expected "," after the value of "name"', at.line, at.column);
  });

  it('missing comma between array items: the array, after which item', () => {
    const input = text(() => {}).replace(/\},\n(\s*)\{\n(\s*)"name": "clip"/, '}\n$1{\n$2"name": "clip"');
    const at = positionOf(input, '"lr": 0.5\n    }', '"lr": 0.5\n    }'.length);
    located(input, 'runs', 'expected "," after the item runs[0]', at.line, at.column);
    located('{\n  "problem": {\n    "spectrum": { "kind": "values", "values": [1, 2\n 3] }\n  }\n}', 'problem.spectrum.values',
      'expected "," after the item problem.spectrum.values[1]', 3, 52);
    located('[1\n 2]', '', 'expected "," after the item [0]', 1, 3);
  });

  it('missing colon: the object, right after the key', () => {
    located('{\n  "version" 1\n}', '', 'expected ":" after the key "version"', 2, 12);
    located('{\n  "problem": { "dim" 3 }\n}', 'problem', 'expected ":" after the key "dim"', 2, 21);
  });

  it('an unquoted key', () => {
    located('{\n  version: 1\n}', '', 'expected a key in double quotes, found version (write "version")', 2, 3);
  });

  it('unclosed object or array at the end of the file: the innermost one, at the end, with all closers', () => {
    const objectInput = '{\n  "version": 1,\n  "problem": {';
    located(objectInput, 'problem', 'unexpected end of file: expected "}" to close the object problem opened at line 3, column 14 (the file needs "}}" at its end)', 3, 15);
    located('{\n  "version": 1\n', '', 'unexpected end of file: expected "}" to close the top-level object opened at line 1, column 1', 3, 1);
    located('{\n  "runs": [\n    { "name": "a" },\n', 'runs',
      'unexpected end of file: expected "]" to close the array runs opened at line 2, column 11 (the file needs "]}" at its end)', 4, 1);
    located('{\n  "runs": [\n    { "name": "a"', 'runs[0]',
      'unexpected end of file: expected "}" to close the object runs[0] opened at line 3, column 5 (the file needs "}]}" at its end)', 3, 18);
  });

  it('a wrong closing bracket: the container it should close, at the bracket', () => {
    located('{\n  "t": [1, 2}\n}', 't', 'expected "]" to close the array t opened at line 2, column 8, found "}"', 2, 13);
    located('{\n  "t": 1]\n}', '', 'expected "}" to close the top-level object opened at line 1, column 1, found "]"', 2, 9);
  });

  it('text after the end: the top level, at the extra text, saying where the document ended', () => {
    located('{}\n{}', '', 'unexpected text after the end of the JSON document (the top-level object ends at line 1, column 2)', 2, 1);
    located('{\n  "a": { "b": 1 }},\n  "c": 2\n}', '', 'unexpected text after the end of the JSON document (the top-level object ends at line 2, column 18)', 2, 19);
  });

  it('a bad value is reported once, not again at the next bracket', () => {
    located('{\n  "name": hello\n}', 'name', 'unexpected "hello"', 2, 11);
  });

  it('a JSON value that is not an object', () => {
    expectError('[1, 2]', '', 'must be an object, got an array', { needle: '[' });
    expectError('"text"', '', 'must be an object, got a string', { needle: '"' });
  });

  it('refuses a file too large to be an experiment without parsing it', () => {
    const huge = '{"name": "' + 'x'.repeat(9 * 1024 * 1024) + '"}';
    const result = parseExperiment(huge);
    assert.match(result.problems[0].message, /too large/);
    assert.equal(result.problems[0].line, 1);
  });

  it('refuses absurd nesting without overflowing the stack', () => {
    const deep = '{"a": ' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    const result = parseExperiment(deep);
    assert.equal(result.problems.length, 1);
    assert.match(result.problems[0].message, /nested too deeply/);
    assert.equal(result.problems[0].column, 7 + 63, 'at the bracket that opens level 65');
    // Brackets inside strings and comments do not count.
    const quoted = text((c) => { c.description = '['.repeat(100); }).replace('{', '{ /* ' + '{'.repeat(100) + ' */');
    assert.deepEqual(parseExperiment(quoted).problems, []);
  });

  it('a byte-order mark does not shift positions', () => {
    const t = '\uFEFF' + text((c) => { c.horizon = -1; });
    expectError(t, 'horizon', 'must be > 0', { needle: '-1' });
  });
});

describe('parseExperiment: wrong types', () => {
  it('a string where a number is expected', () => {
    const t = text((c) => { c.problem.noise.scale = 'big'; });
    expectError(t, 'problem.noise.scale', 'must be a number, got a string', { needle: '"big"' });
  });
  it('a quoted number gets a hint', () => {
    const t = text((c) => { c.horizon = '10'; });
    expectError(t, 'horizon', 'must be a number, got a string (write 10 without quotes)', { needle: '"10"' });
  });
  it('a fraction where an integer is expected', () => {
    expectError(text((c) => { c.seeds = 2.5; }), 'seeds', 'must be an integer, got 2.5', { needle: '2.5' });
    expectError(text((c) => { c.problem.dim = 2.5; }), 'problem.dim', 'must be an integer from 1 to 100000, got 2.5', { needle: '2.5' });
  });
  it('an object, array, boolean or null where another type is expected', () => {
    expectError(text((c) => { c.problem = [1]; }), 'problem', 'must be an object, got an array', { needle: '[', nth: 1 });
    expectError(text((c) => { c.ode = 'yes'; }), 'ode', 'must be true or false, got a string', { needle: '"yes"' });
    expectError(text((c) => { c.name = null; }), 'name', 'must be a string, got null', { needle: 'null' });
    expectError(text((c) => { c.runs = { a: 1 }; }), 'runs', 'must be an array, got an object', { needle: '"runs": {', shift: 8 });
  });
  it('a learning rate that is neither a number nor a schedule', () => {
    const t = text((c) => { c.runs[1].lr = true; });
    expectError(t, 'runs[1].lr', /must be a number or a schedule object .*, got true/, { needle: '"lr": true', shift: 6 });
  });
  it('a version other than 1', () => {
    expectError(text((c) => { c.version = 2; }), 'version', 'must be 1, got a number', { needle: '2' });
  });
});

describe('parseExperiment: missing fields', () => {
  it('is reported at the parent object', () => {
    const t = text((c) => { delete c.runs[1].lr; });
    expectError(t, 'runs[1]', 'missing required key "lr"', t.lastIndexOf('{', t.indexOf('"name": "clip"')));
    const u = text((c) => { delete c.problem.dim; });
    expectError(u, 'problem', 'missing required key "dim"', { needle: '"problem": {', shift: 11 });
    const v = text((c) => { delete c.horizon; });
    expectError(v, '', 'missing required key "horizon"', { needle: '{' });
  });
  it('a kind-specific required field', () => {
    const t = text((c) => { c.problem.noise = { kind: 'studentT', scale: 1 }; });
    expectError(t, 'problem.noise', 'missing required key "dof"', { needle: '"noise": {', shift: 9 });
  });
  it('a missing kind', () => {
    const t = text((c) => { c.problem.spectrum = { exponent: 1 }; });
    const errors = errorsOf(t);
    assert.equal(errors.length, 1, describeProblems(errors));
    expectError(t, 'problem.spectrum', 'missing required key "kind"', { needle: '"spectrum": {', shift: 12 });
  });
});

describe('parseExperiment: unknown keys', () => {
  it('with a did-you-mean, located at the key', () => {
    const t = text((c) => { c.problem.noize = c.problem.noise; delete c.problem.noise; });
    expectError(t, 'problem.noize', 'unknown key "noize" (did you mean "noise"?)', { needle: '"noize"' });
  });
  it('a case slip', () => {
    const t = text((c) => { c.Horizon = 3; delete c.horizon; });
    expectError(t, 'Horizon', /did you mean "horizon"/);
  });
  it('without a close match, lists the allowed keys', () => {
    const t = text((c) => { c.problem.init.banana = 1; });
    expectError(t, 'problem.init.banana', 'unknown key "banana"; allowed keys here: "kind"', { needle: '"banana"' });
  });
  it('an unknown kind', () => {
    const t = text((c) => { c.problem.noise.kind = 'studenT'; });
    expectError(t, 'problem.noise.kind', /^unknown kind "studenT" \(did you mean "studentT"\?\); expected one of "none", "gaussian", "studentT" or "rademacher"$/, { needle: '"studenT"' });
  });
  it('a misspelt enum value', () => {
    const t = text((c) => { c.record.spacing = 'lgo'; });
    expectError(t, 'record.spacing', 'must be "log" or "linear", got "lgo" (did you mean "log"?)', { needle: '"lgo"' });
  });
  it('a duplicate key', () => {
    const t = '{\n "version": 1,\n "version": 1\n}';
    expectError(t, 'version', /duplicate key "version"/, { needle: '"version"', nth: 2 });
  });
});

describe('parseExperiment: out of range', () => {
  const cases: Array<[string, (c: any) => void, string, string]> = [
    ['dim 0', (c) => { c.problem.dim = 0; }, 'problem.dim', 'must be an integer from 1 to 100000'],
    ['dim too large', (c) => { c.problem.dim = 200000; }, 'problem.dim', 'must be an integer from 1 to 100000'],
    ['negative scale', (c) => { c.problem.noise.scale = -1; }, 'problem.noise.scale', 'must be >= 0'],
    ['dof 0', (c) => { c.problem.noise.dof = 0; }, 'problem.noise.dof', 'must be > 0'],
    ['lr 0', (c) => { c.runs[0].lr = 0; }, 'runs[0].lr', 'must be > 0'],
    ['negative lr', (c) => { c.runs[0].lr = -0.5; }, 'runs[0].lr', 'must be > 0'],
    ['threshold 0', (c) => { c.runs[1].clip.threshold = 0; }, 'runs[1].clip.threshold', 'must be > 0'],
    ['horizon 0', (c) => { c.horizon = 0; }, 'horizon', 'must be > 0'],
    ['negative horizon', (c) => { c.horizon = -3; }, 'horizon', 'must be > 0'],
    ['heuristic param 0', (c) => { c.runs[1].clip = { kind: 'heuristic', param: 0 }; }, 'runs[1].clip.param', 'must be > 0'],
    ['negative norm', (c) => { c.problem.target.norm = -1; }, 'problem.target.norm', 'must be >= 0'],
    ['negative exponent', (c) => { c.problem.spectrum = { kind: 'powerLaw', exponent: -1 }; }, 'problem.spectrum.exponent', 'must be >= 0'],
    ['negative seeds', (c) => { c.seeds = -1; }, 'seeds', 'must be >= 0'],
    ['one record point', (c) => { c.record.points = 1; }, 'record.points', 'must be >= 2'],
    ['seed out of range', (c) => { c.seed = -1; }, 'seed', 'must be an integer from 0 to 4294967295'],
    ['negative schedule time', (c) => { c.runs[0].lr = { kind: 'schedule', t: [-1, 1], lr: [1, 1] }; }, 'runs[0].lr.t[0]', 'must be >= 0'],
    ['schedule threshold 0', (c) => { c.runs[1].clip = { kind: 'schedule', t: [0, 1], threshold: [1, 0] }; }, 'runs[1].clip.threshold[1]', 'must be > 0'],
    ['empty name', (c) => { c.runs[0].name = ''; }, 'runs[0].name', 'must not be empty'],
  ];
  for (const [name, mutate, path, message] of cases) {
    it(name, () => {
      const t = text(mutate);
      const match = expectError(t, path, message);
      // The position is the value's own node: the text there parses back to the offending value.
      assert.doesNotThrow(() => JSON.parse(t.slice(match.offset, match.offset + match.length)), `${t.slice(match.offset, match.offset + match.length)}`);
    });
  }
  it('a number that overflows', () => {
    const t = text((c) => { c.horizon = 12345; }).replace('12345', '1e999');
    expectError(t, 'horizon', /too large/, { needle: '1e999' });
  });
});

describe('parseExperiment: rules beyond the schema', () => {
  it('non-increasing schedule times', () => {
    const t = text((c) => { c.runs[1].clip = { kind: 'schedule', t: [0, 3, 3], threshold: [5, 4, 3] }; });
    expectError(t, 'runs[1].clip.t[2]', 'schedule times must be strictly increasing: 3 comes after 3');
    const u = text((c) => { c.runs[0].lr = { kind: 'schedule', t: [0, 5, 2], lr: [1, 1, 1] }; });
    expectError(u, 'runs[0].lr.t[2]', /strictly increasing: 2 comes after 5/);
  });
  it('schedule values of another length than its times', () => {
    const t = text((c) => { c.runs[0].lr = { kind: 'schedule', t: [0, 1, 2], lr: [1, 0.5] }; });
    expectError(t, 'runs[0].lr.lr', 'has 2 values but t has 3; give one lr per time');
  });
  it('spectrum values of the wrong length', () => {
    const t = text((c) => { c.problem.spectrum = { kind: 'values', values: [1, 1, 1] }; });
    expectError(t, 'problem.spectrum.values', 'has 3 eigenvalues but problem.dim is 4; give exactly one per dimension', { needle: '"values": [', shift: 10 });
  });
  it('spectrum values <= 0', () => {
    const t = text((c) => { c.problem.spectrum = { kind: 'values', values: [1, 0, -1, 1] }; });
    expectError(t, 'problem.spectrum.values[1]', 'must be > 0');
    expectError(t, 'problem.spectrum.values[2]', 'must be > 0');
  });
  it('duplicate run names, at the second name', () => {
    const t = text((c) => { c.runs[1].name = 'SGD'; });
    expectError(t, 'runs[1].name', 'duplicate run name "SGD" (also used by runs[0]); names must be unique', { needle: '"SGD"', nth: 2 });
  });
  it('no runs', () => {
    const t = text((c) => { c.runs = []; });
    expectError(t, 'runs', 'must not be empty: add at least one run', { needle: '[]' });
  });
  it('huge arrays: too many runs, too many values', () => {
    const t = text((c) => { c.runs = Array.from({ length: 150 }, (_, i) => ({ name: `r${i}`, lr: 0.5 })); });
    expectError(t, 'runs', 'has 150 items; at most 100 are allowed');
    const u = text((c) => { c.problem.dim = 100000; c.problem.spectrum = { kind: 'values', values: new Array(100001).fill(1) }; });
    const result = parseExperiment(u);
    assert.match(describeProblems(result.problems), /problem\.spectrum\.values: has 100001 items; at most 100000 are allowed/);
  });
  it('many bad items are summarized, not listed one by one', () => {
    const t = text((c) => { c.problem.dim = 1000; c.problem.spectrum = { kind: 'values', values: new Array(1000).fill(-1) }; });
    const errors = errorsOf(t);
    assert.ok(errors.length <= 5, describeProblems(errors));
    assert.match(describeProblems(errors), /and 997 more items with the same problem/);
  });
  it('warns (without refusing) about a learning rate beyond the stability bound', () => {
    const result = parseExperiment(text((c) => { c.runs[0].lr = 2.5; }));
    assert.ok(result.config, 'warnings do not block');
    const warning = result.problems.find((p) => p.severity === 'warning');
    assert.equal(warning?.path, 'runs[0].lr');
    assert.match(warning!.message, /stability bound/);
  });
  it('reports every independent problem at once, in document order', () => {
    const t = text((c) => { c.problem.dim = 0; c.horizon = -1; c.runs[1].name = 'SGD'; c.extra = 1; });
    const errors = errorsOf(t);
    assert.deepEqual(errors.map((p) => p.path), ['problem.dim', 'horizon', 'runs[1].name', 'extra']);
    const offsets = errors.map((p) => p.offset);
    assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b));
  });
});

describe('parseExperiment: resource limits', () => {
  it('refuses too many seeds at the seeds key, and honours configured limits', () => {
    expectError(text((c) => { c.seeds = 5000; }), 'seeds', /above the limit of 1000: lower seeds/);
    const custom = parseExperiment(text((c) => { c.seeds = 50; }), { limits: { maxSeeds: 10 } });
    assert.match(describeProblems(custom.problems), /seeds: seeds is 50, above the limit of 10/);
    assert.ok(parseExperiment(text((c) => { c.seeds = 5000; }), { limits: false }).config, 'limits: false skips the check');
  });
  it('refuses too many record points', () => {
    expectError(text((c) => { c.record.points = 20000; }), 'record.points', /above the limit of 10000: lower record\.points/);
  });
});
