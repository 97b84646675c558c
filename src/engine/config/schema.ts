// Structural validation of .clipexp.json against media/clipexp.schema.json (the same file VS Code
// uses for completion and hover), compiled once with Ajv.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schemaJson from '../../../media/clipexp.schema.json';

export const EXPERIMENT_SCHEMA: Record<string, unknown> = schemaJson as Record<string, unknown>;

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({
      allErrors: true,
      verbose: true,          // errors carry the data and the schema: needed for plain-language messages
      discriminator: true,    // "kind" selects one branch, so errors come from that branch only
      strict: true,
      strictTypes: false,
      strictRequired: false,
    });
    // Annotation keywords VS Code understands; Ajv only has to tolerate them.
    ajv.addVocabulary(['defaultSnippets', 'markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions', 'deprecationMessage', 'errorMessage']);
    compiled = ajv.compile(EXPERIMENT_SCHEMA);
  }
  return compiled;
}

/** Ajv's errors for a value (empty when it matches the schema). */
export function schemaErrors(value: unknown): ErrorObject[] {
  const validate = validator();
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
