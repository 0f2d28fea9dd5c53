/** Loads a lab scenario by name (home-12, home-50) or from a YAML file, and validates it. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { makeHomeN } from './scenario-home-n.ts';
import { scenarioSchema, type Scenario } from './scenario-schema.ts';

const SCENARIO_DIR = join(dirname(fileURLToPath(import.meta.url)), 'scenarios');

/** A scenario that cannot be used; the message names the file and the field. */
export class ScenarioError extends Error {
  readonly code = 'LAB_SCENARIO_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

/** Validates parsed YAML/JSON as a scenario. `file` is only used in error messages. */
export function parseScenario(value: unknown, file: string): Scenario {
  const result = scenarioSchema.safeParse(value);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const field = first.path.length ? first.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '(top level)';
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : '';
  throw new ScenarioError(`${file}: ${field}: ${first.message}${more}`);
}

/** Reads and validates a scenario YAML file. */
export function loadScenarioFile(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ScenarioError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (err) {
    throw new ScenarioError(`${file}: not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  return parseScenario(value, file);
}

/**
 * `home-12`, `home-50` (home-12's families replicated to 50 devices), the name of a file in scenarios/ (`planted`,
 * `accounts`, `mqtt-home`) or a path to a YAML file.
 */
export function loadScenario(ref: string): Scenario {
  if (/^[a-z][a-z0-9-]*$/.test(ref) && existsSync(join(SCENARIO_DIR, `${ref}.yaml`))) return loadScenarioFile(join(SCENARIO_DIR, `${ref}.yaml`));
  const homeN = /^home-(\d{1,3})$/.exec(ref);
  if (homeN) {
    const count = Number(homeN[1]);
    if (count < 1 || count > 200) throw new ScenarioError(`${ref}: a generated home has 1 to 200 devices`);
    return makeHomeN(loadScenarioFile(join(SCENARIO_DIR, 'home-12.yaml')), count);
  }
  return loadScenarioFile(ref);
}
