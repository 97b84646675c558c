// clipexp suggest FILE: the ODE's verdict on clipping for one run's learning rate.
import { isAbortError, runExperiment, suggestionToJson, traceOfSpectrum, type Suggestion } from '../engine';
import { expectPositionals, type ParsedArgs } from './args';
import { cancelOnSigint } from './cancel';
import type { Command } from './commandTypes';
import { EXIT } from './commandTypes';
import { CliError, formatProblem, loadExperiment } from './configFile';
import { formatSuggestion } from './suggestionTable';
import { workerScript } from './workerScript';

export const suggestCommand: Command = {
  name: 'suggest',
  summary: 'suggest a clipping threshold and schedule for a run, from the ODE',
  usage: 'clipexp suggest FILE [--run NAME] [--json]',
  details: [
    'For one run\'s learning rate (the first run with a constant lr, or --run NAME): the final ODE risk',
    'without clipping, with the best constant threshold, with the tuned one-parameter heuristic and with',
    'the greedy oracle, and the heuristic\'s and oracle\'s threshold schedules (raw c).',
    '  --run NAME   the run whose learning rate to use',
    '  --json       print {"suggestion": {...}} (the result JSON\'s suggestion object) instead of a table',
  ].join('\n'),
  options: {
    run: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(args: ParsedArgs) {
    const [file] = expectPositionals(args, ['FILE'], 'suggest');
    const parsed = loadExperiment(file, { limits: false });
    for (const problem of parsed.problems) process.stderr.write(formatProblem(file, problem) + '\n');
    if (!parsed.config) return EXIT.invalid;
    const config = parsed.config;
    const runName = args.values.get('run');
    if (runName !== undefined && !config.runs.some((r) => r.name === runName)) {
      throw new CliError(`no run named "${runName}" in ${file}; the runs are ${config.runs.map((r) => JSON.stringify(r.name)).join(', ')}`, EXIT.invalid);
    }
    const cancel = cancelOnSigint();
    let failure: string | undefined;
    let suggestion: Suggestion | null = null;
    try {
      const result = await runExperiment(config, {
        workerScript: workerScript(),
        threads: 1,
        sgd: false,
        ode: false,
        suggest: true,
        suggestRun: runName,
        signal: cancel.signal,
        events: { onSuggestion: (_s, error) => { failure = error; } },
      });
      suggestion = result.suggestion;
    } catch (error) {
      if (isAbortError(error)) {
        process.stderr.write('clipexp: cancelled\n');
        return EXIT.cancelled;
      }
      throw error;
    } finally {
      cancel.dispose();
    }
    if (!suggestion) throw new CliError(`no suggestion for ${file}: ${failure ?? 'unknown reason'}`);
    if (args.flags.has('json')) process.stdout.write(JSON.stringify({ suggestion: suggestionToJson(suggestion) }) + '\n');
    else process.stdout.write(formatSuggestion(suggestion, config.horizon, traceOfSpectrum(config)));
    return EXIT.ok;
  },
};
