/**
 * Writes `rule.schema.json` (JSON Schema for editors / YAML language servers) from the zod rule schema, matcher
 * params included. Run: `npx tsx pcap-rules/gen-json-schema.ts` (the corpus test checks the file is current).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { RuleSchema } from './schema.ts';

/** The JSON Schema document as the text to write. */
export function renderRuleJsonSchema(): string {
  // `io: 'input'` describes what authors write: fields with defaults are optional.
  return `${JSON.stringify(z.toJSONSchema(RuleSchema, { io: 'input', unrepresentable: 'any' }), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(fileURLToPath(new URL('rule.schema.json', import.meta.url)), renderRuleJsonSchema());
  console.log('wrote pcap-rules/rule.schema.json');
}
