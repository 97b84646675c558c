// Ajv's errors in plain language, each attached to a JSON path and to the part of the text to point
// at: the value itself, the key (unknown keys) or the enclosing object (missing keys).
import type { ErrorObject } from 'ajv';
import { closestMatch } from './didYouMean';
import type { JsonPath } from './jsonDocument';

export type Anchor = 'value' | 'key' | 'object';

export interface PathProblem {
  path: JsonPath;
  message: string;
  anchor: Anchor;
  severity: 'error' | 'warning';
  /** Exact span, when the path alone is ambiguous (a duplicate key has the same path as the first). */
  span?: { offset: number; length: number };
}

type Schema = Record<string, any>;

/** "a string", "an array", "null", "2.5" ... for "got ..." in messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string': return 'a string';
    case 'number': return Number.isFinite(value) ? 'a number' : 'a number too large to represent';
    case 'boolean': return value ? 'true' : 'false';
    case 'object': return 'an object';
    default: return 'nothing';
  }
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  integer: 'an integer',
  string: 'a string',
  object: 'an object',
  array: 'an array',
  boolean: 'true or false',
  null: 'null',
};

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case 'number': return typeof value === 'number';
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    case 'array': return Array.isArray(value);
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'null': return value === null;
    default: return false;
  }
}

function quoteList(values: readonly unknown[]): string {
  const quoted = values.map((v) => JSON.stringify(v));
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

function fmt(n: number): string {
  return String(n);
}

/** Converts Ajv's JSON pointer to path segments, using the data to tell array indices from keys. */
export function pointerToPath(pointer: string, root: unknown): JsonPath {
  if (!pointer) return [];
  const path: JsonPath = [];
  let current: any = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current) && /^\d+$/.test(key)) {
      path.push(Number(key));
      current = current[Number(key)];
    } else {
      path.push(key);
      current = current !== null && typeof current === 'object' ? current[key] : undefined;
    }
  }
  return path;
}

function rangeMessage(error: ErrorObject): string {
  const schema: Schema = error.parentSchema ?? {};
  const isInteger = schema.type === 'integer';
  if (isInteger && typeof schema.minimum === 'number' && typeof schema.maximum === 'number') {
    return `must be an integer from ${fmt(schema.minimum)} to ${fmt(schema.maximum)}`;
  }
  const limit = fmt((error.params as { limit: number }).limit);
  switch (error.keyword) {
    case 'exclusiveMinimum': return `must be > ${limit}`;
    case 'minimum': return `must be >= ${limit}`;
    case 'exclusiveMaximum': return `must be < ${limit}`;
    default: return `must be <= ${limit}`;
  }
}

function typeMessage(error: ErrorObject): string {
  const expected = String((error.params as { type: string | string[] }).type).split(',');
  const schema: Schema = error.parentSchema ?? {};
  const data = error.data;
  if (expected.includes('integer') && typeof data === 'number') {
    if (typeof schema.minimum === 'number' && typeof schema.maximum === 'number') {
      return `must be an integer from ${fmt(schema.minimum)} to ${fmt(schema.maximum)}, got ${fmt(data)}`;
    }
    return `must be an integer, got ${fmt(data)}`;
  }
  const wanted = expected.map((t) => TYPE_NAMES[t] ?? t).join(' or ');
  let message = `must be ${wanted}, got ${describeValue(data)}`;
  if (typeof data === 'string' && (expected.includes('number') || expected.includes('integer')) && data.trim() !== '' && Number.isFinite(Number(data))) {
    message += ` (write ${data.trim()} without quotes)`;
  }
  if (typeof data === 'string' && expected.includes('boolean') && (data === 'true' || data === 'false')) {
    message += ` (write ${data} without quotes)`;
  }
  return message;
}

function unknownKeyMessage(error: ErrorObject): string {
  const key = (error.params as { additionalProperty: string }).additionalProperty;
  const schema: Schema = error.parentSchema ?? {};
  const present = error.data && typeof error.data === 'object' ? Object.keys(error.data) : [];
  const allowed = Object.keys(schema.properties ?? {});
  const candidates = allowed.filter((k) => !present.includes(k));
  const suggestion = closestMatch(key, candidates);
  if (suggestion) return `unknown key ${JSON.stringify(key)} (did you mean ${JSON.stringify(suggestion)}?)`;
  if (allowed.length === 0) return `unknown key ${JSON.stringify(key)}`;
  return `unknown key ${JSON.stringify(key)}; allowed keys here: ${allowed.map((k) => JSON.stringify(k)).join(', ')}`;
}

function kindsOf(schema: Schema): string[] {
  const kinds: string[] = [];
  for (const branch of schema.oneOf ?? []) {
    const kind = branch?.properties?.kind?.const;
    if (typeof kind === 'string') kinds.push(kind);
  }
  return kinds;
}

function oneOfValuesMessage(value: unknown, allowed: readonly unknown[], what = 'must be'): string {
  let message = `${what} ${allowed.length > 2 ? 'one of ' : ''}${quoteList(allowed)}`;
  if (typeof value === 'string') {
    const strings = allowed.filter((a): a is string => typeof a === 'string');
    const suggestion = closestMatch(value, strings);
    message += `, got ${JSON.stringify(value)}`;
    if (suggestion) message += ` (did you mean ${JSON.stringify(suggestion)}?)`;
  } else {
    message += `, got ${describeValue(value)}`;
  }
  return message;
}

function itemsMessage(error: ErrorObject): string {
  const limit = (error.params as { limit: number }).limit;
  const count = Array.isArray(error.data) ? error.data.length : 0;
  if (error.keyword === 'minItems') return limit === 1 ? 'must not be empty' : `must have at least ${limit} items`;
  return `has ${count} items; at most ${limit} are allowed`;
}

/** Translates Ajv's errors into located plain-language problems (without duplicates). */
export function translateSchemaErrors(errors: readonly ErrorObject[], root: unknown): PathProblem[] {
  const problems: PathProblem[] = [];
  const seen = new Set<string>();
  const add = (path: JsonPath, message: string, anchor: Anchor) => {
    const id = `${JSON.stringify(path)}|${message}`;
    if (seen.has(id)) return;
    seen.add(id);
    problems.push({ path, message, anchor, severity: 'error' });
  };

  // anyOf (the learning rate: a number or a schedule object): when the value has the type of one
  // branch, only that branch's own errors are meaningful; otherwise one "must be X or Y" message.
  const anyOfPaths = new Map<string, boolean>();
  for (const error of errors) {
    if (error.keyword !== 'anyOf') continue;
    const branches: Schema[] = Array.isArray(error.schema) ? (error.schema as Schema[]) : [];
    const matched = branches.some((b) => typeof b.type === 'string' && typeMatches(b.type, error.data));
    anyOfPaths.set(error.instancePath, matched);
  }
  const requiredKind = new Set(errors.filter((e) => e.keyword === 'required' && (e.params as any).missingProperty === 'kind').map((e) => e.instancePath));

  for (const error of errors) {
    const path = pointerToPath(error.instancePath, root);
    const data = error.data;
    switch (error.keyword) {
      case 'anyOf': {
        if (anyOfPaths.get(error.instancePath)) break;
        const branches: Schema[] = Array.isArray(error.schema) ? (error.schema as Schema[]) : [];
        const wanted = branches.map((b) => (b.type === 'object' && b.properties?.kind?.const ? `a ${b.properties.kind.const} object { "kind": ${JSON.stringify(b.properties.kind.const)}, ... }` : TYPE_NAMES[b.type] ?? 'a value'));
        const hint = typeof data === 'string' && data.trim() !== '' && Number.isFinite(Number(data)) ? ` (write ${data.trim()} without quotes)` : '';
        add(path, `must be ${wanted.join(' or ')}, got ${describeValue(data)}${hint}`, 'value');
        break;
      }
      case 'type':
        if (anyOfPaths.has(error.instancePath)) break;                 // reported by the anyOf
        if (typeof data === 'number' && !Number.isFinite(data)) break; // reported as "too large"
        add(path, typeMessage(error), 'value');
        break;
      case 'required':
        add(path, `missing required key ${JSON.stringify((error.params as { missingProperty: string }).missingProperty)}`, 'object');
        break;
      case 'additionalProperties':
        add([...path, (error.params as { additionalProperty: string }).additionalProperty], unknownKeyMessage(error), 'key');
        break;
      case 'discriminator': {
        if (requiredKind.has(error.instancePath)) break;
        const kinds = kindsOf(error.parentSchema ?? {});
        const tag = (data as Record<string, unknown> | undefined)?.kind;
        if (typeof tag === 'string') {
          const suggestion = closestMatch(tag, kinds);
          add([...path, 'kind'], `unknown kind ${JSON.stringify(tag)}${suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : ''}; expected ${kinds.length > 2 ? 'one of ' : ''}${quoteList(kinds)}`, 'value');
        } else {
          add([...path, 'kind'], oneOfValuesMessage(tag, kinds), 'value');
        }
        break;
      }
      case 'const':
        add(path, oneOfValuesMessage(data, [(error.params as { allowedValue: unknown }).allowedValue]), 'value');
        break;
      case 'enum':
        add(path, oneOfValuesMessage(data, (error.params as { allowedValues: unknown[] }).allowedValues), 'value');
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        add(path, rangeMessage(error), 'value');
        break;
      case 'minItems':
      case 'maxItems':
        add(path, path.length === 1 && path[0] === 'runs' && error.keyword === 'minItems' ? 'must not be empty: add at least one run' : itemsMessage(error), 'value');
        break;
      case 'minLength':
        add(path, 'must not be empty', 'value');
        break;
      case 'maxLength':
        add(path, `is too long (${typeof data === 'string' ? data.length : '?'} characters; at most ${(error.params as { limit: number }).limit})`, 'value');
        break;
      case 'oneOf':
        if (!errors.some((e) => e !== error && e.instancePath.startsWith(error.instancePath))) add(path, 'does not match any allowed form', 'value');
        break;
      case 'if':
        break;
      default:
        add(path, error.message ?? 'is invalid', 'value');
    }
  }
  return problems;
}
