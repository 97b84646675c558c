// The shape of a clipexp subcommand and the CLI's exit codes. Subcommands are listed in
// commandRegistry.ts.
import type { OptionSpec, ParsedArgs } from './args';

export interface Command {
  name: string;
  summary: string;              // one line, for `clipexp --help`
  usage: string;                // e.g. "clipexp run FILE [options]"
  details: string;              // the rest of `clipexp CMD --help`
  options: Record<string, OptionSpec>;
  /** Returns the exit code. Throws CliError / UsageError for one-line failures. */
  run(args: ParsedArgs): Promise<number>;
}

export const EXIT = {
  ok: 0,
  failure: 1,    // a run failed, was refused, or a file could not be read or written
  invalid: 2,    // invalid experiment file, or bad command-line usage
  cancelled: 130,
} as const;
