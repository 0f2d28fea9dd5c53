/** The pure parts of the Home Assistant profile generator: reading hassfest's Python literals, fnmatch classes. */
import { describe, expect, it } from 'vitest';
import { expandClasses, parsePythonLiteral } from '../../../device-profiles/generate/home-assistant.ts';

describe('parsePythonLiteral', () => {
  it('reads a typed list with True and trailing commas', () => {
    const src = '"""doc"""\n\nfrom __future__ import annotations\n\nDHCP: list[dict[str, str | bool]] = [\n    {\n        "domain": "axis",\n        "registered_devices": True,\n    },\n]\n';
    expect(parsePythonLiteral(src, 'DHCP')).toEqual([{ domain: 'axis', registered_devices: true }]);
  });

  it('reads one of two dicts in a file', () => {
    const src = 'HOMEKIT = {\n    "EB": {\n        "domain": "ecobee",\n    },\n}\n\nZEROCONF = {\n    "_hue._tcp.local.": [\n        {\n            "domain": "hue",\n        },\n    ],\n}\n';
    expect(parsePythonLiteral(src, 'ZEROCONF')).toEqual({ '_hue._tcp.local.': [{ domain: 'hue' }] });
    expect(parsePythonLiteral(src, 'HOMEKIT')).toEqual({ EB: { domain: 'ecobee' } });
  });

  it('names what is missing', () => {
    expect(() => parsePythonLiteral('X = []\n', 'SSDP')).toThrow(/SSDP/);
  });
});

describe('expandClasses', () => {
  it.each([
    ['reolink*', ['reolink*']],
    ['[ba][lk]*', ['bl*', 'bk*', 'al*', 'ak*']],
    ['zengge_[0-9a-f][0-9a-f]_*', []],
    ['[!a]x', []],
  ])('%s → %j', (pattern, want) => {
    expect(expandClasses(pattern)).toEqual(want);
  });
});
