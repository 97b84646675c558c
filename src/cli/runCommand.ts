// clipexp run FILE: computes the experiment and writes the result JSON (v1) to stdout or --out.
import { isAbortError, LimitError, resultToCsv, runExperiment, stringifyResult, suggestionToCsv } from '../engine';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { integerOption, expectPositionals, type ParsedArgs } from './args';
import { cancelOnSigint } from './cancel';
import type { Command } from './commandTypes';
import { EXIT } from './commandTypes';
import { CliError, describeFsError, formatProblem, loadExperiment } from './configFile';
import { ProgressBar } from './progressBar';
import { workerScript } from './workerScript';

export const runCommand: Command = {
  name: 'run',
  summary: 'run an experiment and write the result JSON',
  usage: 'clipexp run FILE [--out OUT.json] [--csv DIR] [--seeds N] [--no-sgd] [--no-ode] [--hsgd] [--suggest] [--threads N]',
  details: [
    'Writes the result JSON (version 1; infinite values as null) to stdout, or to OUT.json with --out.',
    '  --out FILE     write the result JSON to FILE',
    '  --csv DIR      also write DIR/results.csv (one row per run and time; DIR/suggestion.csv with --suggest)',
    '  --seeds N      number of SGD seeds per run (overrides "seeds")',
    '  --no-sgd       skip the SGD simulations',
    '  --no-ode       skip the ODE',
    '  --hsgd         also simulate the homogenized SDE (C-HSGD)',
    '  --suggest      also compute the clipping suggestion (see clipexp suggest)',
    '  --threads N    worker threads (default: the number of cores)',
    'A progress bar is drawn on stderr when it is a terminal. Ctrl-C cancels (exit 130).',
    'Exit codes: 0 done, 1 a run failed or the experiment exceeds the resource limits, 2 invalid file or options.',
  ].join('\n'),
  options: {
    out: { type: 'string', short: 'o' },
    csv: { type: 'string' },
    seeds: { type: 'string' },
    'no-sgd': { type: 'boolean' },
    'no-ode': { type: 'boolean' },
    hsgd: { type: 'boolean' },
    suggest: { type: 'boolean' },
    threads: { type: 'string' },
  },
  async run(args: ParsedArgs) {
    const [file] = expectPositionals(args, ['FILE'], 'run');
    const seeds = integerOption(args, 'seeds', 0, 1_000_000);
    const threads = integerOption(args, 'threads', 1, 256);
    const parsed = loadExperiment(file, { limits: false });   // limits are checked after the overrides
    for (const problem of parsed.problems) process.stderr.write(formatProblem(file, problem) + '\n');
    if (!parsed.config) return EXIT.invalid;

    const bar = process.stderr.isTTY ? new ProgressBar(process.stderr) : undefined;
    const cancel = cancelOnSigint(() => {
      bar?.clear();
      process.stderr.write('clipexp: cancelling...\n');
    });
    try {
      const result = await runExperiment(parsed.config, {
        workerScript: workerScript(),
        threads,
        seeds,
        sgd: !args.flags.has('no-sgd'),
        ode: args.flags.has('no-ode') ? false : undefined,
        hsgd: args.flags.has('hsgd'),
        suggest: args.flags.has('suggest'),
        signal: cancel.signal,
        events: {
          onProgress: bar ? (p) => bar.update(p.fraction, p.message) : undefined,
          onWarning: (message) => {
            bar?.clear();
            process.stderr.write(`clipexp: warning: ${message}\n`);
          },
        },
      });
      bar?.clear();
      const json = stringifyResult(result) + '\n';
      const out = args.values.get('out');
      if (out) writeOutput(out, json);
      else process.stdout.write(json);
      const csvDir = args.values.get('csv');
      if (csvDir) {
        try {
          mkdirSync(csvDir, { recursive: true });
        } catch (error) {
          throw new CliError(`cannot create ${csvDir}: ${describeFsError(error)}`);
        }
        writeOutput(join(csvDir, 'results.csv'), resultToCsv(result));
        if (result.suggestion) writeOutput(join(csvDir, 'suggestion.csv'), suggestionToCsv(result.suggestion));
      }
      let exit: number = EXIT.ok;
      for (const run of result.runs) {
        if (run.status === 'failed') {
          process.stderr.write(`clipexp: run "${run.name}" failed: ${run.error}\n`);
          exit = EXIT.failure;
        } else if (run.status === 'diverged') {
          process.stderr.write(`clipexp: run "${run.name}" diverged at t = ${run.divergedAt}\n`);
        }
      }
      return exit;
    } catch (error) {
      bar?.clear();
      if (isAbortError(error)) {
        process.stderr.write('clipexp: cancelled\n');
        return EXIT.cancelled;
      }
      if (error instanceof LimitError) throw new CliError(`refused: ${error.message}`);
      throw error;
    } finally {
      cancel.dispose();
    }
  },
};

function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${describeFsError(error)}`);
  }
}
