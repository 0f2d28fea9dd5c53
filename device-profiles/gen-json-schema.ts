/**
 * Writes JSON Schemas for editors (YAML language servers) from the zod schemas:
 * `profile.schema.json` for `<vendor>/<family>.yaml` and `weights.schema.json` for `weights.yaml`.
 * Run: `npx tsx device-profiles/gen-json-schema.ts` (the corpus test checks the files are current).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ProfileSchema, WeightsSchema } from './schema.ts';

/** The JSON Schema documents, keyed by file name, as the text to write. */
export function renderJsonSchemas(): Record<string, string> {
  // `io: 'input'` describes what authors write: fields with defaults (priority, checklist…) are optional.
  const render = (schema: z.ZodType) => `${JSON.stringify(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }), null, 2)}\n`;
  return {
    'profile.schema.json': render(ProfileSchema),
    'weights.schema.json': render(WeightsSchema),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [name, text] of Object.entries(renderJsonSchemas())) {
    writeFileSync(fileURLToPath(new URL(name, import.meta.url)), text);
    console.log(`wrote device-profiles/${name}`);
  }
}
