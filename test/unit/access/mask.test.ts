import { describe, expect, it } from 'vitest';
import { maskAccount } from '../../../discovery/access/mask.ts';

describe('maskAccount', () => {
  it.each([
    ['mallory@example.com', 'm***@example.com'],
    ['a@b.org', 'a***@b.org'],
    ['weird@name@example.com', 'w***@example.com'],
    ['plainuser', 'p***'],
    ['@example.com', '@***'],
  ])('%s → %s', (name, masked) => {
    expect(maskAccount(name)).toBe(masked);
  });

  it('never shows more than the first letter of the local part', () => {
    expect(maskAccount('secretname@example.com')).not.toContain('ecret');
  });
});
