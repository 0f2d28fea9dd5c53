import { describe, expect, it } from 'vitest';
import type { AccessEntry, Observation } from '../../../../../gateway/contract.ts';
import { accessEntry, accessEntryOf, AccessEntryParams } from '../../../../../gateway/rules/matchers/access-entry.ts';
import { MATCHERS } from '../../../../../gateway/rules/matchers/index.ts';
import { AT, MAC } from './obs.ts';

const entry = (e: Partial<AccessEntry>): AccessEntry => ({
  id: 'home-assistant:mac-aabbcc000001:session-rt-pixel', kind: 'session', label: 'Logged into your account: Pixel 7',
  source: 'home-assistant', notice: 'N2', at: AT, ...e,
});
const obs = (data: unknown): Observation => ({ source: 'access', at: AT, mac: MAC, ip: '192.168.1.10', data: data as object });
const run = (params: unknown, data: unknown) => accessEntry.compile(AccessEntryParams.parse(params), {}).observe!(obs(data)) ?? [];

describe('access-entry matcher', () => {
  it.each([
    ['outside session, rule for outside sessions', { kinds: ['session'], outside: true }, { outside: true }, 1],
    ['home session, rule for outside sessions', { kinds: ['session'], outside: true }, { outside: false }, 0],
    ['session without an outside mark counts as not outside', { kinds: ['session'], outside: true }, {}, 0],
    ['outside app, rule for sessions only', { kinds: ['session'], outside: true }, { kind: 'app', outside: true }, 0],
    ['unexpected ecosystem, any kind', { unexpected: true }, { kind: 'ecosystem', unexpected: true }, 1],
    ['expected ecosystem', { unexpected: true }, { kind: 'ecosystem' }, 0],
    ['cloud account, kind only', { kinds: ['cloud-account'] }, { kind: 'cloud-account', outside: true }, 1],
    ['rule for home-only users matches a local user', { kinds: ['user'], outside: false }, { kind: 'user', outside: false }, 1],
  ] as const)('%s', (_name, params, e, n) => {
    expect(run(params, { ...entry(e), device: 'mac-aabbcc000001' })).toHaveLength(n);
  });

  it('keys a hit by the entry id, on the observation\'s device, with the entry in the evidence', () => {
    const [hit] = run({ kinds: ['session'], outside: true }, entry({ outside: true, detail: 'from 203.0.113.7 (outside the home)', lastUsed: '2026-11-27T02:13:00.000Z' }));
    expect(hit!.key).toBe('home-assistant:mac-aabbcc000001:session-rt-pixel');
    expect(hit!.ref).toEqual({ mac: MAC, ip: '192.168.1.10' });
    expect(hit!.vars).toMatchObject({ label: 'Logged into your account: Pixel 7', kind: 'session', source: 'home-assistant', lastUsed: '2026-11-27T02:13:00.000Z' });
    expect(hit!.evidence.detail).toBe('Logged into your account: Pixel 7 (from 203.0.113.7 (outside the home)); found by home-assistant (notice level N2)');
  });

  it('takes the entry\'s words in every language when the check wrote them, and ignores ones that do not match its English', () => {
    const texts = {
      label: { en: 'Logged into your account: Pixel 7', es: 'Sesión abierta en su cuenta: Pixel 7', 'pt-BR': 'Sessão aberta na sua conta: Pixel 7' },
      detail: { en: 'from 203.0.113.7', es: 'desde 203.0.113.7', 'pt-BR': 'de 203.0.113.7' },
    };
    const [hit] = run({ kinds: ['session'] }, entry({ detail: 'from 203.0.113.7', texts }));
    expect(hit!.langVars).toEqual({ label: texts.label, detail: texts.detail });
    expect(hit!.evidence.texts?.es).toBe('Sesión abierta en su cuenta: Pixel 7 (desde 203.0.113.7); encontrado por home-assistant (nivel de aviso N2)');
    const [odd] = run({ kinds: ['session'] }, entry({ texts: { label: { en: 'something else', es: 'otra cosa' } } }));
    expect(odd!.langVars?.label).toEqual({ en: 'Logged into your account: Pixel 7' });
  });

  it.each([null, 'text', 42, [], {}, { id: 'x', kind: 'nonsense', label: 'l' }, { id: '', kind: 'app', label: 'l' }, { id: 'x', kind: 'app' }])(
    'ignores malformed data without throwing: %j',
    (data) => {
      expect(accessEntryOf(data)).toBeNull();
      expect(run({ unexpected: false }, data)).toEqual([]);
    },
  );

  it('refuses params that name no condition, or an unknown kind', () => {
    expect(AccessEntryParams.safeParse({}).success).toBe(false);
    expect(AccessEntryParams.safeParse({ kinds: ['phone'] }).success).toBe(false);
    expect(AccessEntryParams.safeParse({ kinds: [] }).success).toBe(false);
  });

  it('reads only access observations, and rules can name it', () => {
    expect(accessEntry.sources).toEqual(['access']);
    expect(MATCHERS.get('access-entry')).toBe(accessEntry);
  });
});
