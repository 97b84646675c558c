// media/clipexp.schema.json, the file VS Code uses for completion and hover: every field documented
// (description, default, examples), closed objects everywhere, and its defaults and examples valid.
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { describe, it } from 'node:test';
import { EXPERIMENT_SCHEMA } from '../../../src/engine/config/schema';
import { parseExperiment } from '../../../src/engine/config/validate';

type Schema = Record<string, any>;

function resolve(schema: Schema): Schema {
  if (typeof schema.$ref !== 'string') return schema;
  const target = schema.$ref.replace('#/', '').split('/').reduce((node: Schema, key: string) => node[key], EXPERIMENT_SCHEMA);
  return { ...resolve(target), ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$ref')) };
}

/** Every (path, schema) of the schema tree: properties, items, oneOf/anyOf branches, definitions. */
function walk(schema: Schema, path: string, visit: (path: string, schema: Schema, isField: boolean) => void, seen = new Set<Schema>()) {
  if (seen.has(schema)) return;
  seen.add(schema);
  for (const [key, sub] of Object.entries<Schema>(schema.properties ?? {})) {
    visit(`${path}.${key}`, resolve(sub), true);
    walk(resolve(sub), `${path}.${key}`, visit, seen);
  }
  if (schema.items) walk(resolve(schema.items), `${path}[]`, visit, seen);
  for (const [i, sub] of [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])].entries()) {
    visit(`${path}<${i}>`, resolve(sub), false);
    walk(resolve(sub), `${path}<${i}>`, visit, seen);
  }
}

describe('clipexp.schema.json', () => {
  it('is draft-07 with a title and description', () => {
    assert.equal(EXPERIMENT_SCHEMA.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.ok(EXPERIMENT_SCHEMA.title && EXPERIMENT_SCHEMA.description);
  });

  it('documents every field with a description, a default and examples', () => {
    const missing: string[] = [];
    let fields = 0;
    walk(EXPERIMENT_SCHEMA, '', (path, schema, isField) => {
      if (!isField) return;
      fields++;
      for (const key of ['description', 'default', 'examples']) if (!(key in schema)) missing.push(`${path}: ${key}`);
      if ('examples' in schema) assert.ok(Array.isArray(schema.examples) && schema.examples.length > 0, path);
    });
    assert.deepEqual(missing, []);
    assert.ok(fields > 40, `${fields} fields`);
  });

  it('closes every object (additionalProperties: false)', () => {
    const open: string[] = [];
    const check = (path: string, schema: Schema) => {
      if (schema.properties && schema.additionalProperties !== false) open.push(path);
    };
    check('(root)', EXPERIMENT_SCHEMA);
    walk(EXPERIMENT_SCHEMA, '', check);
    assert.deepEqual(open, []);
  });

  it('every field default and example is valid for its field', () => {
    const ajv = new Ajv({ strict: false, discriminator: true });
    ajv.addSchema(EXPERIMENT_SCHEMA, 'root');
    const invalid: string[] = [];
    walk(EXPERIMENT_SCHEMA, '', (path, schema, isField) => {
      if (!isField) return;
      const { default: def, examples, description: _d, ...rules } = schema;
      const validate = ajv.compile({ ...rules, definitions: EXPERIMENT_SCHEMA.definitions });
      for (const value of [def, ...(examples ?? [])]) {
        if (!validate(value)) invalid.push(`${path}: ${JSON.stringify(value)} (${ajv.errorsText(validate.errors)})`);
      }
    });
    assert.deepEqual(invalid, []);
  });

  it('the docs/format.md example is valid', () => {
    const example = `{
      "$schema": "./clipexp.schema.json",
      "version": 1,
      "name": "Cauchy noise: to clip or not",
      "problem": {
        "dim": 1000,
        "spectrum": { "kind": "powerLaw", "exponent": 1.0 },
        "target": { "kind": "gaussian", "norm": 1.0 },
        "init":   { "kind": "zero" },
        "noise":  { "kind": "studentT", "dof": 1, "scale": 0.5 }
      },
      "horizon": 10,
      "runs": [
        { "name": "SGD",               "lr": 0.5 },
        { "name": "clip c=10",         "lr": 0.5, "clip": { "kind": "constant", "threshold": 10 } },
        { "name": "heuristic",         "lr": 0.5, "clip": { "kind": "heuristic" } }
      ],
      "seeds": 8,
      "seed": 0,
      "record": { "points": 200, "spacing": "log" },
      "ode": true
    }`;
    assert.deepEqual(parseExperiment(example).problems, []);
  });
});
