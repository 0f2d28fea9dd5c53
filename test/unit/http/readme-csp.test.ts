/** The API README states the policy the gateway serves, word for word (it once left out font-src). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CSP } from '../../../gateway/http/security.ts';

const README = readFileSync(new URL('../../../gateway/http/README.md', import.meta.url), 'utf8');

describe('gateway/http/README.md', () => {
  it('gives the Content-Security-Policy exactly as served', () => {
    const stated = /^- Content-Security-Policy: `([^`]+)`/m.exec(README)?.[1]?.replace(/\s+/g, ' ');
    expect(stated).toBe(CSP);
  });
});
