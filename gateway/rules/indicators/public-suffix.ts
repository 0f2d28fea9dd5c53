/**
 * Public Suffix List check (ICANN and private sections, via tldts' bundled copy of the list). tldts (~14 MB resident
 * with its list) is loaded at the first check, i.e. only once there are indicator lists, not at every start.
 */
import { createRequire } from 'node:module';

let tldts: typeof import('tldts') | undefined;

const OPTIONS = { allowPrivateDomains: true, detectIp: false, validateHostname: false, extractHostname: false } as const;

/**
 * Whether a normalised host name is itself a public suffix (`com`, `co.uk`, `github.io`, `appspot.com`…): names
 * under it belong to unrelated owners, so it cannot be an indicator. A single label counts as a suffix too,
 * since the list's default rule makes every unknown TLD one.
 */
export function isPublicSuffix(host: string): boolean {
  tldts ??= createRequire(import.meta.url)('tldts') as typeof import('tldts');
  return tldts.getPublicSuffix(host, OPTIONS) === host;
}
