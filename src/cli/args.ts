// Command-line parsing for clipexp: `--flag`, `--option value`, `--option=value`, `--` ends options.
// Errors are UsageErrors with a plain message (and a did-you-mean for misspelt options).
import { closestMatch } from '../engine';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface OptionSpec {
  type: 'boolean' | 'string';
  short?: string;
}

export interface ParsedArgs {
  positionals: string[];
  flags: Set<string>;
  values: Map<string, string>;
}

export function parseArgs(args: readonly string[], spec: Record<string, OptionSpec>): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], flags: new Set(), values: new Map() };
  const shortNames = new Map(Object.entries(spec).filter(([, s]) => s.short).map(([name, s]) => [s.short!, name]));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      parsed.positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.positionals.push(arg);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    } else {
      const long = shortNames.get(arg.slice(1));
      if (!long) throw new UsageError(`unknown option ${arg}`);
      name = long;
    }
    const option = spec[name];
    if (!option) {
      const suggestion = closestMatch(name, Object.keys(spec));
      throw new UsageError(`unknown option --${name}${suggestion ? ` (did you mean --${suggestion}?)` : ''}`);
    }
    if (option.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`option --${name} takes no value`);
      parsed.flags.add(name);
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`option --${name} needs a value`);
    if (parsed.values.has(name)) throw new UsageError(`option --${name} is given twice`);
    parsed.values.set(name, value);
  }
  return parsed;
}

/** An integer option within [min, max], or undefined when absent. */
export function integerOption(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const raw = args.values.get(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\s*-?\d+\s*$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** Exactly `count` positional arguments (named in the message). */
export function expectPositionals(args: ParsedArgs, names: string[], command: string): string[] {
  if (args.positionals.length < names.length) throw new UsageError(`${command}: missing ${names.slice(args.positionals.length).join(' ')} (see clipexp ${command} --help)`);
  if (args.positionals.length > names.length) throw new UsageError(`${command}: unexpected argument ${JSON.stringify(args.positionals[names.length])}`);
  return args.positionals;
}
