// What `clipexp plot` and `clipexp ccc` share: PNG size and theme options, the experiment's results
// (computed, or read back from a result JSON with --result), writing the PNG.
import { isAbortError, LimitError, runExperiment, type ExperimentConfig, type ExperimentResult, type RunExperimentOptions } from '../engine';
import { writeFileSync } from 'node:fs';
import type { PrintThemeName } from '../shared/printThemes';
import { integerOption, UsageError, type OptionSpec, type ParsedArgs } from './args';
import { cancelOnSigint } from './cancel';
import { CliError, describeFsError } from './configFile';
import { ProgressBar } from './progressBar';
import { readResultFile } from './resultFile';
import { workerScript } from './workerScript';

export const FIGURE_OPTIONS: Record<string, OptionSpec> = {
  png: { type: 'string', short: 'o' },
  width: { type: 'string' },
  height: { type: 'string' },
  theme: { type: 'string' },
  result: { type: 'string' },
  threads: { type: 'string' },
};

export const FIGURE_OPTION_HELP = [
  '  --png OUT.png    where to write the figure (required)',
  '  --width W        width in pixels (default 1200)',
  '  --height H       height in pixels (default 700)',
  '  --theme T        light (default) or dark',
  '  --result R.json  draw the numbers of a result JSON from "clipexp run --out" instead of computing them',
  '  --threads N      worker threads (default: the number of cores)',
];

export interface FigureArgs {
  png: string;
  width: number;
  height: number;
  theme: PrintThemeName;
  resultFile?: string;
  threads?: number;
}

export function figureArgs(args: ParsedArgs, command: string): FigureArgs {
  const png = args.values.get('png');
  if (!png) throw new UsageError(`${command}: --png OUT.png is required (see clipexp ${command} --help)`);
  const theme = args.values.get('theme') ?? 'light';
  if (theme !== 'light' && theme !== 'dark') throw new UsageError(`--theme must be light or dark, got ${JSON.stringify(theme)}`);
  return {
    png,
    width: integerOption(args, 'width', 100, 8000) ?? 1200,
    height: integerOption(args, 'height', 100, 8000) ?? 700,
    theme,
    resultFile: args.values.get('result'),
    threads: integerOption(args, 'threads', 1, 256),
  };
}

/** The experiment's results: from --result, or computed (progress bar on a terminal; Ctrl-C cancels). */
export async function obtainResult(config: ExperimentConfig, figure: FigureArgs, options: RunExperimentOptions): Promise<ExperimentResult> {
  if (figure.resultFile) return readResultFile(figure.resultFile, config);
  const bar = process.stderr.isTTY ? new ProgressBar(process.stderr) : undefined;
  const cancel = cancelOnSigint(() => {
    bar?.clear();
    process.stderr.write('clipexp: cancelling...\n');
  });
  try {
    const result = await runExperiment(config, {
      workerScript: workerScript(),
      threads: figure.threads,
      signal: cancel.signal,
      ...options,
      events: {
        onProgress: bar ? (p) => bar.update(p.fraction, p.message) : undefined,
        onWarning: (message) => {
          bar?.clear();
          process.stderr.write(`clipexp: warning: ${message}\n`);
        },
        ...options.events,
      },
    });
    bar?.clear();
    for (const run of result.runs) {
      if (run.status === 'failed') process.stderr.write(`clipexp: run "${run.name}" failed: ${run.error}\n`);
    }
    return result;
  } catch (error) {
    bar?.clear();
    if (isAbortError(error)) throw new CliError('cancelled', 130);
    if (error instanceof LimitError) throw new CliError(`refused: ${error.message}`);
    throw error;
  } finally {
    cancel.dispose();
  }
}

export function writePng(path: string, png: Buffer): void {
  try {
    writeFileSync(path, png);
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${describeFsError(error)}`);
  }
}
