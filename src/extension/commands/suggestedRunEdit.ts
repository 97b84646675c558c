// "Add as run": the text edit that appends the suggested schedule to the experiment's `runs`, keeping
// the user's comments and formatting (jsonc-parser edits, never a re-serialisation of the file).
//
// The run is written as `{ "kind": "heuristic", "param": kappa }` with the tuned kappa: one readable
// number that the engine turns back into the same c(t) (the threshold follows the run's own ODE risk),
// rather than two long arrays of raw thresholds. The raw {t, threshold} schedule stays available in
// the exported JSON (`suggestion.heuristic`) for use in other trainers.
import { applyEdits, findNodeAtLocation, modify, parseTree, type Edit, type ExperimentConfig, type FormattingOptions, type RunConfig, type Suggestion } from '../../engine';

/** kappa with 3 significant digits: the ODE risk is flat in kappa at that precision. */
export function roundKappa(kappa: number): number {
  return Number(kappa.toPrecision(3));
}

export function uniqueRunName(base: string, existing: readonly string[]): string {
  const taken = new Set(existing);
  if (!taken.has(base)) return base;
  for (let k = 2; ; k++) {
    const name = `${base} (${k})`;
    if (!taken.has(name)) return name;
  }
}

/** The run to add for a suggestion: the suggested run's learning rate with the tuned heuristic. */
export function suggestedRun(suggestion: Suggestion, config: ExperimentConfig): RunConfig {
  const kappa = roundKappa(suggestion.heuristic.param);
  const base = config.runs.find((r) => r.name === suggestion.run);
  const lr = base ? base.lr : suggestion.lr;
  const name = uniqueRunName(`suggested heuristic kappa=${kappa}`, config.runs.map((r) => r.name));
  return { name, lr, clip: { kind: 'heuristic', param: kappa } };
}

/** `{ "a": 1, "b": { "c": 2 } }`: the one-line style most example files use for runs. */
export function compactJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(compactJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${compactJson(v)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

function lineStart(text: string, offset: number): number {
  const i = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1));
  return i + 1;
}

/**
 * Edits (offsets in `text`) that append `run` to the top-level `runs` array. When the last run is
 * written on one line with nothing after it on that line, the new run follows the same style on
 * its own line; otherwise jsonc-parser's `modify` inserts it formatted with the editor's options.
 */
export function addRunEdits(text: string, run: RunConfig, formatting: FormattingOptions): Edit[] {
  const root = parseTree(text);
  const runs = root ? findNodeAtLocation(root, ['runs']) : undefined;
  const last = runs?.type === 'array' && runs.children && runs.children.length > 0 ? runs.children[runs.children.length - 1] : undefined;
  if (last) {
    const end = last.offset + last.length;
    const start = lineStart(text, last.offset);
    const leading = text.slice(start, last.offset);
    const restOfLine = /^[^\r\n]*/.exec(text.slice(end))?.[0] ?? '';
    const singleLine = !/[\r\n]/.test(text.slice(last.offset, end));
    if (singleLine && /^\s*$/.test(leading) && /^\s*,?\s*$/.test(restOfLine)) {
      const eol = formatting.eol ?? '\n';
      return [{ offset: end, length: 0, content: `,${eol}${leading}${compactJson(run)}` }];
    }
  }
  return modify(text, ['runs', -1], run, { formattingOptions: formatting, isArrayInsertion: true });
}

export function applyTextEdits(text: string, edits: Edit[]): string {
  return applyEdits(text, edits);
}
