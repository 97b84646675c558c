// The `clipexp` command line (bundled to dist/cli.js): validate, run and suggest experiments.
// Failures are one line on stderr and a non-zero exit code, never a stack trace (CLIPEXP_DEBUG=1
// prints it).
import { closestMatch, ENGINE_VERSION } from '../engine';
import packageJson from '../../package.json';
import { parseArgs, UsageError } from './args';
import type { Command } from './commandTypes';
import { EXIT } from './commandTypes';
import { COMMANDS } from './commandRegistry';
import { CliError } from './configFile';

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'clipexp: clipped SGD on high-dimensional least squares, its ODE and a clipping schedule.',
    '',
    'Usage: clipexp <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  --help, -h     show help (also: clipexp <command> --help)',
    '  --version, -v  show the version',
    '',
    'Exit codes: 0 success, 1 failure (run failed, refused, file unreadable), 2 invalid file or usage, 130 cancelled.',
  ].join('\n') + '\n';
}

function commandHelp(command: Command): string {
  return `Usage: ${command.usage}\n\n${command.summary[0].toUpperCase()}${command.summary.slice(1)}.\n\n${command.details}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    process.stdout.write(topic ? commandHelp(topic) : mainHelp());
    return EXIT.ok;
  }
  if (first === '--version' || first === '-v') {
    process.stdout.write(`clipexp ${packageJson.version} (engine ${ENGINE_VERSION})\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    const suggestion = closestMatch(first, COMMANDS.map((c) => c.name));
    const what = first.startsWith('-') ? `unknown option ${first}` : `unknown command "${first}"`;
    throw new UsageError(`${what}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; see clipexp --help`);
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(commandHelp(command));
    return EXIT.ok;
  }
  return command.run(parseArgs(rest, command.options));
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (process.env.CLIPEXP_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`clipexp: ${message}\n`);
    process.exitCode = error instanceof UsageError ? EXIT.invalid : error instanceof CliError ? error.exitCode : EXIT.failure;
  },
);
