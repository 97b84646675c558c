// The clipexp CLI end to end, through child processes on dist/cli.js: exit codes, located problems,
// the result JSON (numbers checked against a golden NumPy reference), CSV, suggest, limits, Ctrl-C.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { GOLDEN_DIR } from '../../fixtures/goldenCases';
import { ensureCli, ROOT } from './ensureCli';

let cli: string;
const tmp = mkdtempSync(join(tmpdir(), 'clipexp-cli-'));

function clipexp(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: tmp, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(name: string, content: string): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

function golden(name: string): { config: any; expected: any } {
  return JSON.parse(readFileSync(join(GOLDEN_DIR, `${name}.golden.json`), 'utf8'));
}

function noStackTrace(text: string) {
  assert.doesNotMatch(text, /^\s+at /m, `no stack trace expected:\n${text}`);
}

const EXAMPLE = join(ROOT, 'examples', 'cauchy.clipexp.json');

describe('clipexp CLI', () => {
  before(() => {
    cli = ensureCli();
  });

  it('--help and --version', () => {
    const help = clipexp('--help');
    assert.equal(help.code, 0);
    for (const command of ['validate', 'run', 'suggest']) assert.match(help.stdout, new RegExp(`^  ${command} `, 'm'));
    const runHelp = clipexp('run', '--help');
    assert.equal(runHelp.code, 0);
    assert.match(runHelp.stdout, /--no-sgd/);
    const version = clipexp('--version');
    assert.equal(version.code, 0);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.match(version.stdout, new RegExp(`^clipexp ${pkg.version.replace(/\./g, '\\.')} \\(engine [^)]+\\)\\n$`));
  });

  describe('validate', () => {
    it('exit 0 for the examples', () => {
      const r = clipexp('validate', join(ROOT, 'examples', 'gaussian.clipexp.json'), EXAMPLE);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /gaussian\.clipexp\.json: ok/);
    });

    it('exit 2 and one FILE:LINE:COL line per problem', () => {
      const config = golden('gaussian-identity').config;
      config.problem.noise.scale = -1;
      config.runs[1].lr = 'fast';
      config.seedz = config.seeds;
      delete config.seeds;
      const file = write('bad.clipexp.json', JSON.stringify(config, null, 2));
      const text = readFileSync(file, 'utf8');
      const r = clipexp('validate', file);
      assert.equal(r.code, 2);
      const lines = r.stdout.trim().split('\n');
      assert.equal(lines.length, 3, r.stdout);
      for (const line of lines) assert.match(line, /^.+bad\.clipexp\.json:\d+:\d+ [\w.[\]]+: .+$/);
      // The position of each problem is where its value is in the file.
      const scaleLine = text.split('\n').findIndex((l) => l.includes('"scale": -1')) + 1;
      const scaleColumn = text.split('\n')[scaleLine - 1].indexOf('-1') + 1;
      assert.ok(lines.includes(`${file}:${scaleLine}:${scaleColumn} problem.noise.scale: must be >= 0`), r.stdout);
      assert.ok(lines.some((l) => /runs\[1\]\.lr: must be a number or a schedule object .*, got a string$/.test(l)));
      assert.ok(lines.some((l) => /seedz: unknown key "seedz" \(did you mean "seeds"\?\)$/.test(l)));
    });

    it('a file that is not JSON: the parser position', () => {
      const file = write('broken.clipexp.json', '{\n  "version": 1,\n  "name": "x"\n  "horizon": 3\n}\n');
      const r = clipexp('validate', file);
      assert.equal(r.code, 2);
      assert.equal(r.stdout.trim(), `${file}:3:14 (top level): expected "," after the value of "name"`);
    });

    it('an unreadable file: path and reason, non-zero, no stack trace', () => {
      const r = clipexp('validate', join(tmp, 'missing.clipexp.json'));
      assert.equal(r.code, 1);
      assert.equal(r.stderr.trim(), `clipexp: cannot read ${join(tmp, 'missing.clipexp.json')}: no such file`);
      const dir = clipexp('validate', tmp);
      assert.equal(dir.code, 1);
      assert.match(dir.stderr, /it is a directory/);
      noStackTrace(dir.stderr);
    });
  });

  describe('bad usage', () => {
    const cases: Array<[string[], RegExp]> = [
      [['rnu', 'x'], /unknown command "rnu" \(did you mean "run"\?\)/],
      [['run'], /run: missing FILE/],
      [['run', EXAMPLE, '--sedes', '3'], /unknown option --sedes \(did you mean --seeds\?\)/],
      [['run', EXAMPLE, '--seeds', 'many'], /--seeds must be an integer from 0 to 1000000, got "many"/],
      [['run', EXAMPLE, '--threads', '0'], /--threads must be an integer from 1 to 256/],
      [['run', EXAMPLE, '--out'], /option --out needs a value/],
      [['run', EXAMPLE, 'extra'], /unexpected argument "extra"/],
      [['suggest', EXAMPLE, '--run', 'nope'], /no run named "nope"/],
    ];
    for (const [args, message] of cases) {
      it(args.join(' ').replace(ROOT, '.'), () => {
        const r = clipexp(...args);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, message);
        assert.match(r.stderr, /^clipexp: /);
        noStackTrace(r.stderr);
      });
    }
  });

  describe('run', () => {
    it('writes result JSON v1 whose ODE matches the golden reference (1%) and whose SGD sits in its band', () => {
      const { config, expected } = golden('gaussian-identity');
      const file = write('gaussian.clipexp.json', JSON.stringify(config));
      const out = join(tmp, 'gaussian.result.json');
      const r = clipexp('run', file, '--out', out, '--seeds', '16', '--threads', '2');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '', 'with --out nothing goes to stdout');
      assert.equal(r.stderr, '', 'no progress bar when stderr is not a terminal');
      const result = JSON.parse(readFileSync(out, 'utf8'));
      assert.deepEqual(Object.keys(result), ['format', 'version', 'name', 't', 'runs', 'suggestion']);
      assert.equal(result.format, 'clipexp-result');
      assert.equal(result.version, 1);
      assert.equal(result.name, config.name);
      assert.equal(result.suggestion, null);
      assert.equal(result.t.length, expected.t.length);
      result.t.forEach((t: number, i: number) => assert.ok(Math.abs(t - expected.t[i]) <= 1e-12 * Math.max(1, t)));
      result.runs.forEach((run: any, k: number) => {
        const ref = expected.runs[k];
        assert.equal(run.name, ref.name);
        assert.deepEqual(Object.keys(run), ['name', 'status', 'ode', 'sgd', 'hsgd']);
        assert.equal(run.status, 'ok');
        assert.deepEqual(Object.keys(run.ode), ['risk', 'mu', 'nu', 'threshold', 'ccc']);
        assert.deepEqual(Object.keys(run.sgd), ['median', 'q10', 'q90', 'mean', 'seeds', 'diverged']);
        assert.equal(run.sgd.seeds, 16);
        assert.equal(run.hsgd, null);
        run.ode.risk.forEach((R: number, i: number) => {
          const want = ref.ode.risk[i];
          assert.ok(Math.abs(R - want) <= 0.01 * Math.abs(want), `${run.name} ODE at t = ${result.t[i]}: ${R} vs ${want}`);
        });
        // 16 seeds: the median sits inside the reference's 10-90% band of 32 seeds (with some slack).
        for (let i = 1; i < result.t.length; i++) {
          const lo = ref.sgd.q10[i];
          const hi = ref.sgd.q90[i];
          const slack = 0.25 * (hi - lo);
          assert.ok(run.sgd.median[i] >= lo - slack && run.sgd.median[i] <= hi + slack, `${run.name} SGD median at t = ${result.t[i]}`);
        }
      });
    });

    it('writes JSON to stdout, null for infinite values, and reports divergence on stderr', () => {
      const { config } = golden('cauchy-identity');
      const file = write('cauchy.clipexp.json', JSON.stringify({ ...config, seeds: 2, record: { points: 10, spacing: 'log' } }));
      const r = clipexp('run', file, '--no-sgd');
      assert.equal(r.code, 0, r.stderr);
      const result = JSON.parse(r.stdout);
      const sgd = result.runs[0];
      assert.equal(sgd.status, 'diverged');
      assert.equal(typeof sgd.divergedAt, 'number');
      assert.equal(sgd.ode.risk[1], null, 'infinite risk is written as null');
      assert.equal(sgd.sgd, null, '--no-sgd');
      assert.match(r.stderr, /run "SGD" diverged at t = /);
      assert.ok(result.runs[1].ode.risk.every((x: number | null) => typeof x === 'number'));
    });

    it('--csv writes a long table; --suggest adds the suggestion and its schedules; --hsgd the HSGD band', () => {
      const { config } = golden('gaussian-identity');
      const file = write('small.clipexp.json', JSON.stringify({ ...config, record: { points: 8, spacing: 'linear' } }));
      const dir = join(tmp, 'csv');
      const r = clipexp('run', file, '--csv', dir, '--seeds', '3', '--suggest', '--hsgd', '--out', join(tmp, 'small.json'));
      assert.equal(r.code, 0, r.stderr);
      const csv = readFileSync(join(dir, 'results.csv'), 'utf8').trim().split('\n');
      assert.equal(csv[0], 'run,t,ode_risk,ode_mu,ode_nu,ode_threshold,ode_ccc,sgd_median,sgd_q10,sgd_q90,sgd_mean,hsgd_median,hsgd_q10,hsgd_q90');
      assert.equal(csv.length, 1 + 3 * 8);
      const result = JSON.parse(readFileSync(join(tmp, 'small.json'), 'utf8'));
      const row = csv[1 + 8 + 3].split(',');
      assert.equal(row[0], result.runs[1].name);
      assert.equal(Number(row[1]), result.t[3]);
      assert.equal(Number(row[2]), result.runs[1].ode.risk[3]);
      assert.equal(Number(row[7]), result.runs[1].sgd.median[3]);
      assert.equal(Number(row[11]), result.runs[1].hsgd.median[3]);
      assert.equal(result.suggestion.run, 'SGD');
      const schedule = readFileSync(join(dir, 'suggestion.csv'), 'utf8').trim().split('\n');
      assert.equal(schedule[0], 't,heuristic_threshold,greedy_threshold');
      assert.equal(schedule.length, 1 + 8);
    });

    it('an invalid file: located problems on stderr, exit 2', () => {
      const file = write('invalid.clipexp.json', '{ "version": 1 }');
      const r = clipexp('run', file);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /invalid\.clipexp\.json:1:1 \(top level\): missing required key "name"/);
    });

    it('refuses beyond the limits, saying what to lower', () => {
      const r = clipexp('run', EXAMPLE, '--seeds', '5000');
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^clipexp: refused: seeds is 5000, above the limit of 1000: lower seeds$/m);
      noStackTrace(r.stderr);
    });

    it('Ctrl-C cancels cleanly with exit 130', async () => {
      const { config } = golden('gaussian-identity');
      // Minutes of work: the CLI warns about it (on stderr) once its Ctrl-C handler is in place.
      const file = write('long.clipexp.json', JSON.stringify({ ...config, problem: { ...config.problem, dim: 3000 }, horizon: 1000, seeds: 4 }));
      const child = spawn(process.execPath, [cli, 'run', file, '--threads', '2'], { cwd: tmp });
      let stderr = '';
      let stdout = '';
      const warned = new Promise<void>((resolve) => child.stderr.on('data', (d) => {
        stderr += d;
        if (/warning: this experiment is expected to take about/.test(stderr)) resolve();
      }));
      child.stdout.on('data', (d) => { stdout += d; });
      await warned;
      await new Promise((r) => setTimeout(r, 500));
      const start = performance.now();
      child.kill('SIGINT');
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      const elapsed = performance.now() - start;
      assert.equal(code, 130, stderr);
      assert.match(stderr, /cancelled/);
      assert.equal(stdout, '');
      assert.ok(elapsed < 2000, `exited ${elapsed.toFixed(0)} ms after SIGINT`);
    });
  });

  describe('suggest', () => {
    it('--json prints {"suggestion": {...}} with the documented shape', () => {
      const { config } = golden('cauchy-identity');
      const file = write('suggest.clipexp.json', JSON.stringify({ ...config, record: { points: 12, spacing: 'log' } }));
      const r = clipexp('suggest', file, '--json', '--run', 'clip c=3');
      assert.equal(r.code, 0, r.stderr);
      const { suggestion, ...rest } = JSON.parse(r.stdout);
      assert.deepEqual(rest, {});
      assert.deepEqual(Object.keys(suggestion), ['run', 'lr', 'noClip', 'bestConstant', 'heuristic', 'greedy']);
      assert.equal(suggestion.run, 'clip c=3');
      assert.equal(suggestion.lr, 0.8);
      assert.deepEqual(Object.keys(suggestion.noClip), ['risk']);
      assert.equal(suggestion.noClip.risk, null, 'Cauchy noise: no clipping diverges (null)');
      assert.deepEqual(Object.keys(suggestion.bestConstant), ['threshold', 'risk']);
      assert.deepEqual(Object.keys(suggestion.heuristic), ['param', 'risk', 't', 'threshold']);
      assert.deepEqual(Object.keys(suggestion.greedy), ['risk', 't', 'threshold']);
      assert.equal(suggestion.heuristic.t.length, 12);
      assert.equal(suggestion.greedy.threshold.length, 12);
      assert.ok(suggestion.greedy.risk <= suggestion.heuristic.risk * 1.01);
      assert.ok(suggestion.heuristic.risk < suggestion.bestConstant.risk);
    });

    it('prints a readable table by default', () => {
      const r = clipexp('suggest', EXAMPLE);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^Suggestion for run "SGD" \(lr 0\.5\)/);
      assert.match(r.stdout, /no clipping\s+diverges/);
      assert.match(r.stdout, /best constant\s+0\.0\d+\s+c = /);
      assert.match(r.stdout, /heuristic\s+0\.0\d+\s+kappa = /);
    });
  });
});
