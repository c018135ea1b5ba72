// Two independent validators for SPDX 2.3 JSON: ajv (draft-07) and Python's jsonschema (Debian's
// python3-jsonschema, installed by the testbed), both against the vendored spdx/spdx-spec v2.3 schema.
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './run-action.js';
import { run } from './process.js';

export const SPDX_SCHEMA_PATH = path.join(repoRoot, 'test/fixtures/spdx/spdx-schema.json');

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
let validator: ReturnType<Ajv['compile']> | undefined;

/** ajv's errors (empty when valid). */
export function ajvErrors(doc: unknown): string[] {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(SPDX_SCHEMA_PATH, 'utf8')));
  }
  return validator(doc) ? [] : (validator.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const PYTHON = `
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.loads(sys.stdin.read())
cls = jsonschema.validators.validator_for(schema)
errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in cls(schema, format_checker=cls.FORMAT_CHECKER).iter_errors(doc)]
print(json.dumps(errors))
`;

/** Python jsonschema's errors (empty when valid); /usr/bin/python3 is Debian's, with python3-jsonschema. */
export async function pythonErrors(doc: unknown): Promise<string[]> {
  const r = await run('/usr/bin/python3', ['-c', PYTHON, SPDX_SCHEMA_PATH], { input: JSON.stringify(doc), timeoutMs: 60_000 });
  if (r.code !== 0) throw new Error(`python3 jsonschema failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as string[];
}
