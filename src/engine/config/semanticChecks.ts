// Rules the JSON Schema cannot express: duplicate keys, numbers that overflow, spectrum length = dim,
// strictly increasing schedule times with one value per time, unique run names; and warnings (a
// learning rate beyond SGD's stability bound). Every check tolerates arbitrary (invalid) input.
import type { Node } from './jsonc';
import type { JsonPath } from './jsonDocument';
import type { PathProblem } from './schemaMessages';

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Unclipped SGD's risk ODE is stable only for normalized learning rates below 2 (any spectrum). */
export const SGD_STABILITY_BOUND = 2;

/** Duplicate keys and non-finite numbers, found on the syntax tree. */
export function treeProblems(root: Node | undefined): PathProblem[] {
  const problems: PathProblem[] = [];
  if (!root) return problems;
  const visit = (node: Node, path: JsonPath) => {
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (!key || typeof key.value !== 'string') continue;
        if (seen.has(key.value)) {
          problems.push({
            path: [...path, key.value],
            message: `duplicate key ${JSON.stringify(key.value)} (only one is allowed per object)`,
            anchor: 'key',
            severity: 'error',
            span: { offset: key.offset, length: key.length },
          });
        }
        seen.add(key.value);
        if (value) visit(value, [...path, key.value]);
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, index) => visit(child, [...path, index]));
    } else if (node.type === 'number' && !Number.isFinite(node.value)) {
      problems.push({ path, message: 'number is too large (it overflows to infinity)', anchor: 'value', severity: 'error' });
    }
  };
  visit(root, []);
  return problems;
}

function checkSchedule(problems: PathProblem[], schedule: Obj, path: JsonPath, valuesKey: string) {
  const t = schedule.t;
  const values = schedule[valuesKey];
  if (Array.isArray(t)) {
    for (let i = 1; i < t.length; i++) {
      if (isNumber(t[i]) && isNumber(t[i - 1]) && !(t[i] > t[i - 1])) {
        problems.push({
          path: [...path, 't', i],
          message: `schedule times must be strictly increasing: ${t[i]} comes after ${t[i - 1]}`,
          anchor: 'value',
          severity: 'error',
        });
        break;
      }
    }
  }
  if (Array.isArray(t) && Array.isArray(values) && t.length !== values.length && t.length > 0 && values.length > 0) {
    problems.push({
      path: [...path, valuesKey],
      message: `has ${values.length} value${values.length === 1 ? '' : 's'} but t has ${t.length}; give one ${valuesKey} per time`,
      anchor: 'value',
      severity: 'error',
    });
  }
}

function maxLearningRate(lr: unknown): number | undefined {
  if (isNumber(lr)) return lr;
  if (isObject(lr) && Array.isArray(lr.lr)) {
    const finite = lr.lr.filter(isNumber);
    return finite.length ? Math.max(...finite) : undefined;
  }
  return undefined;
}

/** Problems found on the parsed value. */
export function valueProblems(value: unknown): PathProblem[] {
  const problems: PathProblem[] = [];
  if (!isObject(value)) return problems;
  const problem = value.problem;
  if (isObject(problem) && isObject(problem.spectrum) && problem.spectrum.kind === 'values') {
    const values = problem.spectrum.values;
    const dim = problem.dim;
    if (Array.isArray(values) && values.length > 0 && Number.isInteger(dim) && (dim as number) >= 1 && values.length !== dim) {
      problems.push({
        path: ['problem', 'spectrum', 'values'],
        message: `has ${values.length} eigenvalue${values.length === 1 ? '' : 's'} but problem.dim is ${dim}; give exactly one per dimension`,
        anchor: 'value',
        severity: 'error',
      });
    }
  }
  const runs = value.runs;
  if (!Array.isArray(runs)) return problems;
  const firstIndexByName = new Map<string, number>();
  runs.forEach((run, index) => {
    if (!isObject(run)) return;
    const path: JsonPath = ['runs', index];
    if (typeof run.name === 'string') {
      const first = firstIndexByName.get(run.name);
      if (first !== undefined) {
        problems.push({ path: [...path, 'name'], message: `duplicate run name ${JSON.stringify(run.name)} (also used by runs[${first}]); names must be unique`, anchor: 'value', severity: 'error' });
      } else {
        firstIndexByName.set(run.name, index);
      }
    }
    if (isObject(run.lr) && run.lr.kind === 'schedule') checkSchedule(problems, run.lr, [...path, 'lr'], 'lr');
    if (isObject(run.clip) && run.clip.kind === 'schedule') checkSchedule(problems, run.clip, [...path, 'clip'], 'threshold');
    const lrMax = maxLearningRate(run.lr);
    if (run.clip === undefined && lrMax !== undefined && lrMax >= SGD_STABILITY_BOUND) {
      problems.push({
        path: [...path, 'lr'],
        message: `lr ${lrMax} is at or above ${SGD_STABILITY_BOUND}, the stability bound of SGD without clipping: its risk will diverge`,
        anchor: 'value',
        severity: 'warning',
      });
    }
  });
  return problems;
}
