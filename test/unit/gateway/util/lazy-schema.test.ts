import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lazySchema, lazySchemasBuilt } from '../../../../gateway/util/lazy-schema.ts';

describe('lazySchema', () => {
  it('builds the schema only when first read, and once', () => {
    let made = 0;
    const before = lazySchemasBuilt();
    const s = lazySchema(() => {
      made++;
      return z.object({ n: z.number().int() }).strict();
    });
    expect(made).toBe(0);
    expect(lazySchemasBuilt()).toBe(before);
    expect(s.safeParse({ n: 2 }).success).toBe(true);
    expect(s.safeParse({ n: 2.5 }).success).toBe(false);
    expect(s.safeParse({ n: 2, x: 1 }).success).toBe(false);
    expect(made).toBe(1);
    expect(lazySchemasBuilt()).toBe(before + 1);
  });

  it('validates inside other schemas as the schema it stands for', () => {
    const text = lazySchema(() => z.string().trim().min(1));
    const outer = lazySchema(() => z.strictObject({ title: text, list: z.array(text).min(1) }));
    expect(outer.parse({ title: ' a ', list: ['b'] })).toEqual({ title: 'a', list: ['b'] });
    const bad = outer.safeParse({ title: ' ', list: [] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['list', 'title']);
    expect(text instanceof z.ZodString).toBe(true);
    expect('_zod' in text).toBe(true);
  });

  it('keeps its description for the JSON Schema generators, also where it is used in another schema', () => {
    const lang = lazySchema(() => z.object({ en: z.string() }).meta({ description: 'Text by language.' }));
    const doc = z.toJSONSchema(z.strictObject({ title: lang }));
    expect((doc.properties as Record<string, { description?: string }>).title!.description).toBe('Text by language.');
  });

  it('lets an error of the building through, and builds again at the next read', () => {
    let calls = 0;
    const s = lazySchema(() => {
      if (++calls === 1) throw new Error('not yet');
      return z.string();
    });
    expect(() => s.parse('x')).toThrow('not yet');
    expect(s.parse('x')).toBe('x');
  });
});
