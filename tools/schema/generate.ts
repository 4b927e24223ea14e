/**
 * `npm run schema`: writes schema/<kind>.schema.json from the spec interfaces in src/model/, so
 * the TypeScript API and the input files cannot drift, and each schema's precompiled validator
 * (generated/<kind>-schema-validator.ts). A test fails when a committed file differs from this.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { INPUT_SCHEMAS, InputKind, inputJsonSchema } from './json-schema.js';
import { schemaValidatorSource } from './validator-source.js';

const root = resolve(import.meta.dirname, '..', '..');

/** The files `npm run schema` writes for one input kind: path relative to the project → text. */
export function generatedSchemaFiles(kind: InputKind): Map<string, string> {
  const schemaFile = `schema/${kind}.schema.json`;
  const schema = inputJsonSchema(root, kind);
  return new Map([[schemaFile, schema], [`generated/${kind}-schema-validator.ts`, schemaValidatorSource(schema, schemaFile)]]);
}

if (process.argv[1] === import.meta.filename) {
  for (const kind of Object.keys(INPUT_SCHEMAS) as InputKind[]) {
    for (const [path, text] of generatedSchemaFiles(kind)) writeFileSync(join(root, path), text);
  }
  console.error(`npm run schema: wrote schema/ and generated/ for ${Object.keys(INPUT_SCHEMAS).join(', ')}`);
}
