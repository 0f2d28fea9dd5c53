import { describe, expect, it } from 'vitest';
import { isPublicSuffix } from '../../../../../gateway/rules/indicators/public-suffix.ts';

describe('isPublicSuffix', () => {
  it.each(['com', 'co.uk', 'github.io', 'appspot.com', 'cloudfront.net', 'blogspot.com', 'web.app', 'xn--p1ai', 'localhost'])('%s is a suffix', (h) =>
    expect(isPublicSuffix(h)).toBe(true),
  );
  it.each(['example.com', 'example.co.uk', 'someone.github.io', '1ca43.appspot.com', 'firebaseio.com', 'amazonaws.com'])('%s is not', (h) =>
    expect(isPublicSuffix(h)).toBe(false),
  );
});
