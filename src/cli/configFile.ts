// Reading a .clipexp.json for the CLI and printing its problems as `FILE:LINE:COL path: message`.
import { parseExperiment, type ConfigProblem, type ParsedExperiment, type ParseOptions } from '../engine';
import { readFileSync } from 'node:fs';

/** An error the CLI reports as one line and a non-zero exit, without a stack trace. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a folder in the path is not a directory',
  EMFILE: 'too many open files',
};

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  return (code && REASONS[code]) ?? (error instanceof Error ? error.message : String(error));
}

export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${describeFsError(error)}`);
  }
}

export function formatProblem(file: string, p: ConfigProblem): string {
  return `${file}:${p.line}:${p.column} ${p.path || '(top level)'}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;
}

export function loadExperiment(file: string, options?: ParseOptions): ParsedExperiment & { text: string } {
  const text = readTextFile(file);
  return { ...parseExperiment(text, options), text };
}
