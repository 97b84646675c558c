// clipexp ccc FILE --png OUT.png: the CCC phase map (docs/math.md) with the heuristic's path and the runs'
// ODE trajectories, as a PNG; a one-line verdict on stdout (or a JSON summary with --json).
import { computePhaseMap, odeTrajectories, suggestSchedule, traceOfSpectrum, unclippedRisks, type ExperimentConfig, type ExperimentResult, type PhaseMap } from '../engine';
import { phaseMapSummary } from '../shared/phaseMapDraw';
import { expectPositionals, type ParsedArgs } from './args';
import type { Command } from './commandTypes';
import { EXIT } from './commandTypes';
import { formatProblem, loadExperiment } from './configFile';
import { phaseMapPng } from './figures';
import { FIGURE_OPTION_HELP, FIGURE_OPTIONS, figureArgs, obtainResult, writePng } from './figureCommon';

/** The heuristic's kappa: the result's suggestion, else computed here (null when there is none). */
function suggestedKappa(config: ExperimentConfig, result: ExperimentResult): number | null {
  if (result.suggestion) return result.suggestion.heuristic.param;
  try {
    return suggestSchedule(config).heuristic.param;
  } catch (error) {
    process.stderr.write(`clipexp: warning: no heuristic path (${error instanceof Error ? error.message : String(error)})\n`);
    return null;
  }
}

export function phaseMapOf(config: ExperimentConfig, result: ExperimentResult): PhaseMap {
  return computePhaseMap({
    noise: config.problem.noise,
    trajectories: odeTrajectories(result.runs, traceOfSpectrum(config)),
    otherRisks: unclippedRisks(result.runs),
    kappa: suggestedKappa(config, result),
  });
}

export function phaseMapJson(map: PhaseMap): Record<string, unknown> {
  return {
    summary: phaseMapSummary(map),
    infiniteVariance: map.infiniteVariance,
    helpsCells: map.helpsCount,
    cells: map.helps.length,
    maxRatio: Number.isFinite(map.maxRatio) ? map.maxRatio : null,
    kappa: map.heuristic?.kappa ?? null,
    rRange: map.rRange,
    tauRange: map.tauRange,
    trajectories: map.trajectories.map((t) => t.name),
  };
}

export const cccCommand: Command = {
  name: 'ccc',
  summary: 'draw the clipping comparison criterion (CCC) phase map of an experiment to a PNG',
  usage: 'clipexp ccc FILE --png OUT.png [--width 1200 --height 700] [--theme light|dark] [--result R.json] [--json]',
  details: [
    'A heatmap over risk R and normalized threshold tau = c / sqrt(tr K) (log axes) of mu^2/nu divided by',
    'its unclipped value 1 / (2R + E eps^2): above 1 (outlined) clipping at tau beats plain SGD at risk R.',
    'With infinite noise variance (Student-t, dof <= 2) the unclipped value is 0 and the map shows mu^2/nu.',
    'Drawn on it: the best tau at each R, the heuristic\'s path tau = kappa sqrt(2R + s^2) (kappa from the',
    'suggestion) and every clipped run\'s ODE trajectory (R(t), tau(t)). Prints a one-line verdict.',
    ...FIGURE_OPTION_HELP,
    '  --json           print a JSON summary (share of the map where clipping helps, largest ratio, kappa)',
  ].join('\n'),
  options: { ...FIGURE_OPTIONS, json: { type: 'boolean' } },
  async run(args: ParsedArgs) {
    const [file] = expectPositionals(args, ['FILE'], 'ccc');
    const figure = figureArgs(args, 'ccc');
    const parsed = loadExperiment(file, { limits: false });
    for (const problem of parsed.problems) process.stderr.write(formatProblem(file, problem) + '\n');
    if (!parsed.config) return EXIT.invalid;
    const config = parsed.config;
    // Only the ODE trajectories and the suggestion are needed: no seeds.
    const result = await obtainResult(config, figure, { sgd: false, ode: true, suggest: true });
    const map = phaseMapOf(config, result);
    writePng(figure.png, await phaseMapPng(map, { ...figure, title: `CCC phase map: ${config.name}` }));
    if (args.flags.has('json')) process.stdout.write(JSON.stringify(phaseMapJson(map)) + '\n');
    else process.stdout.write(`${figure.png}: ${phaseMapSummary(map)}\n`);
    return EXIT.ok;
  },
};
