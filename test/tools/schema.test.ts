/** The committed schemas and validators are what `npm run schema` generates from the spec interfaces: they must not drift. */
import { describe, expect, it } from 'vitest';
import { INPUT_SCHEMAS, InputKind } from '../../tools/schema/json-schema.js';
import { generatedSchemaFiles } from '../../tools/schema/generate.js';
import { readProjectFile } from '../helpers.js';

describe.each(Object.keys(INPUT_SCHEMAS) as InputKind[])('the %s schema', (kind) => {
  it.each([...generatedSchemaFiles(kind)])('%s is what `npm run schema` writes', (path, text) => {
    expect(readProjectFile(path)).toBe(text);
  });
});
