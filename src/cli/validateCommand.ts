// clipexp validate FILE...: one line per problem (FILE:LINE:COL path: message); exit 2 on any error.
import type { Command } from './commandTypes';
import { EXIT } from './commandTypes';
import { formatProblem, loadExperiment } from './configFile';
import { UsageError } from './args';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check experiment files and list every problem with its line and column',
  usage: 'clipexp validate FILE [FILE...]',
  details: [
    'Prints one line per problem, "FILE:LINE:COL path: message", and exits with 2 if any file has an',
    'error (warnings alone exit with 0). A valid file prints "FILE: ok".',
  ].join('\n'),
  options: {},
  async run(args) {
    if (args.positionals.length === 0) throw new UsageError('validate: missing FILE (see clipexp validate --help)');
    let exit: number = EXIT.ok;
    for (const file of args.positionals) {
      const parsed = loadExperiment(file);
      for (const problem of parsed.problems) process.stdout.write(formatProblem(file, problem) + '\n');
      if (!parsed.config) exit = EXIT.invalid;
      else process.stdout.write(`${file}: ok\n`);
    }
    return exit;
  },
};
