// clipexp plot FILE --png OUT.png: the panel's loss chart as a PNG (same Chart.js configuration).
import { expectPositionals, integerOption, type ParsedArgs } from './args';
import type { Command } from './commandTypes';
import { EXIT } from './commandTypes';
import { formatProblem, loadExperiment } from './configFile';
import { lossChartPng } from './figures';
import { FIGURE_OPTION_HELP, FIGURE_OPTIONS, figureArgs, obtainResult, writePng } from './figureCommon';

export const plotCommand: Command = {
  name: 'plot',
  summary: 'draw the risk chart of an experiment (as in the panel) to a PNG',
  usage: 'clipexp plot FILE --png OUT.png [--width 1200 --height 700] [--seeds N] [--theme light|dark] [--result R.json]',
  details: [
    'Risk against time on log axes for every run: the SGD median with its 10-90% band over the seeds and',
    'the ODE (dashed), in the colours and with the chart configuration of the VS Code panel.',
    ...FIGURE_OPTION_HELP,
    '  --seeds N        SGD seeds per run (overrides "seeds"; 0 draws the ODE only)',
  ].join('\n'),
  options: { ...FIGURE_OPTIONS, seeds: { type: 'string' } },
  async run(args: ParsedArgs) {
    const [file] = expectPositionals(args, ['FILE'], 'plot');
    const figure = figureArgs(args, 'plot');
    const seeds = integerOption(args, 'seeds', 0, 1_000_000);
    const parsed = loadExperiment(file, { limits: false });
    for (const problem of parsed.problems) process.stderr.write(formatProblem(file, problem) + '\n');
    if (!parsed.config) return EXIT.invalid;
    const result = await obtainResult(parsed.config, figure, { seeds });
    const png = await lossChartPng(result, { ...figure, title: parsed.config.name });
    writePng(figure.png, png);
    process.stdout.write(`${figure.png}: ${figure.width}x${figure.height} risk chart of ${result.runs.length} runs\n`);
    return result.runs.some((r) => r.status === 'failed') ? EXIT.failure : EXIT.ok;
  },
};
