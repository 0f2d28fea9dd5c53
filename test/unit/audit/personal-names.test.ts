import { describe, expect, it } from 'vitest';
import { macTails, stripDeviceSerials, stripOwnerName } from '../../../gateway/audit/personal-names.ts';

describe('stripOwnerName', () => {
  it.each([
    ["Maria's iPhone", 'iPhone', ['Maria']],
    ['Maria’s MacBook Pro', 'MacBook Pro', ['Maria']],
    ["Juan Carlos's Galaxy S21", 'Galaxy S21', ['Juan Carlos']],
    ['Marias-iPhone', 'iPhone', ['Maria', 'Marias']],
    ['marias-macbook-pro', 'macbook-pro', ['maria', 'marias']],
    ['iPhone de María', 'iPhone', ['María']],
    ['Galaxy-de-Juan', 'Galaxy', ['Juan']],
    ['MacBook Air di Anna', 'MacBook Air', ['Anna']],
  ])('%s → %s', (input, name, people) => {
    expect(stripOwnerName(input)).toEqual({ name, people });
  });

  it.each(['Philips-hue', 'Living Room speaker', 'HP ENVY 6000 series', 'Echo Dot-6C3', 'Chromecast', 'Casa de campo'])('leaves %s alone', (input) => {
    expect(stripOwnerName(input)).toEqual({ name: input, people: [] });
  });
});

describe('stripDeviceSerials', () => {
  const tails = new Set([...macTails('10:1f:74:c3:8d:5a'), ...macTails('44:61:32:c7:5e:19')]);
  it.each([
    ['HPC38D5A', 'HPxxxxxx'],
    ['HP ENVY 6000 series [C38D5A]', 'HP ENVY 6000 series [xxxxxx]'],
    ['ecobee3 lite 5E19', 'ecobee3 lite xxxx'],
    ['android-5c1d8e3a0b9f2e47', 'android-…'],
    ['ecobee 511860034512', 'ecobee …'],
    ['HS103', 'HS103'],
    ['Hue Bridge - ABCDEF', 'Hue Bridge - ABCDEF'],
  ])('%s → %s', (input, out) => {
    expect(stripDeviceSerials(input, tails)).toBe(out);
  });
});
