/** Picks the parser for an indicator file from its name and, for JSON, its content. */
import { parseEchapYaml } from './parse-echap-yaml.ts';
import { parseHostsList } from './parse-hosts-list.ts';
import { parseNetworkCsv } from './parse-network-csv.ts';
import { parseStix2 } from './parse-stix2.ts';
import { parseTinycheckJson } from './parse-tinycheck-json.ts';
import { IndicatorFileError, type IndicatorLoadResult } from './types.ts';

/** The formats HomeSweep reads. */
export type IndicatorFormat = 'echap-yaml' | 'network-csv' | 'tinycheck-json' | 'stix2' | 'hosts-list';

/** The format a file name implies; JSON is told apart by content (a STIX bundle has `"type": "bundle"`). */
export function detectIndicatorFormat(name: string, text: string): IndicatorFormat | null {
  const n = name.toLowerCase();
  if (n.endsWith('.yaml') || n.endsWith('.yml')) return 'echap-yaml';
  if (n.endsWith('.csv')) return 'network-csv';
  if (n.endsWith('.stix2') || n.endsWith('.stix')) return 'stix2';
  if (n.endsWith('.json')) return /"type"\s*:\s*"bundle"/.test(text.slice(0, 4096)) ? 'stix2' : 'tinycheck-json';
  if (n === 'hosts' || n === 'hosts_full' || n.endsWith('.txt') || n.endsWith('.hosts')) return 'hosts-list';
  return null;
}

/** Parses one file's text; `source` is its file name. Throws IndicatorFileError for an unusable file. */
export function parseIndicatorText(text: string, source: string, format = detectIndicatorFormat(source, text)): IndicatorLoadResult {
  switch (format) {
    case 'echap-yaml':
      return parseEchapYaml(text, source);
    case 'network-csv':
      return parseNetworkCsv(text, source);
    case 'tinycheck-json':
      return parseTinycheckJson(text, source);
    case 'stix2':
      return parseStix2(text, source);
    case 'hosts-list':
      return parseHostsList(text, source);
    default:
      throw new IndicatorFileError(source, 'unknown-format', 'unknown indicator file type (expected .yaml, .csv, .json, .stix2 or a hosts list)');
  }
}
