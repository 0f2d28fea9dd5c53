import { describe, expect, it } from 'vitest';
import type { AccessIo } from '../../../discovery/access/access-io.ts';
import { checkTasmota, decodeTasmotaInfo, parseTasmota, tasmotaRows } from '../../../discovery/access/tasmota-info.ts';

const at = '2026-01-01T00:00:00Z';
// The firmware's raw form: a script string with }1 (row) and }2 (cell) markers.
const raw = (mqtt: string) =>
  '<script>function i(){var s,o="' +
  "<table style='width:100%'><tr><th>Program Version}214.3.0(release-tasmota)}1Uptime}20T01:02:03}1}2&nbsp;" +
  mqtt +
  '</td></tr></table>";s=o.replace(/}1/g,"</td></tr><tr><th>").replace(/}2/g,"</th><td>");eb(\'i\').innerHTML=s;}wl(i);</script>';
const outside = raw('}1MQTT Host}2broker.example.org}1MQTT Port}28883}1MQTT User}2DVES_USER}1MQTT Client}2DVES_4C11AE}1MQTT Topic}2tasmota_4C11AE');
// The same table as a browser shows it.
const expanded = '<table><tr><th>Program Version</th><td>13.1.0(tasmota)</td></tr><tr><th>MQTT Host</th><td>mqtt.example.com</td></tr><tr><th>MQTT Port</th><td>1883</td></tr></table>';

describe('tasmotaRows', () => {
  it('expands the firmware markers', () => {
    const rows = tasmotaRows(outside);
    expect(rows.get('Program Version')).toBe('14.3.0(release-tasmota)');
    expect(rows.get('MQTT Host')).toBe('broker.example.org');
    expect(rows.get('MQTT Port')).toBe('8883');
  });

  it.each([[''], ['<html>no table</html>'], ['}1}2}1}2'], ['<th>' + 'x'.repeat(10000)]])('finds no named rows in %#', (html) => {
    expect([...tasmotaRows(html).keys()].filter((k) => k !== '')).toEqual([]);
  });
});

describe('parseTasmota', () => {
  it.each([
    ['raw page, outside broker', outside, 'broker.example.org', 'user: DVES_USER'],
    ['expanded table, outside broker', expanded, 'mqtt.example.com', 'firmware: Tasmota 13.1.0(tasmota)'],
  ])('%s', (_n, html, host, detail) => {
    const [e, ...rest] = parseTasmota(html, 'd', at);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ id: 'tasmota-mqtt:d', kind: 'broker', outside: true, source: 'tasmota-info', notice: 'N0' });
    expect(e!.label).toContain(host);
    expect(e!.detail).toContain(detail);
  });

  it.each([
    ['a local broker', raw('}1MQTT Host}2192.168.1.10}1MQTT Port}21883')],
    ['MQTT disabled', raw('}1MQTT}2Disabled')],
    ['HTML entities only', '<th>MQTT Host</th><td>&nbsp;</td>'],
    ['binary garbage', '\u0000\u00ff\u0001<th'],
  ])('nothing for %s', (_n, html) => {
    expect(parseTasmota(html, 'd', at)).toEqual([]);
  });

  it('reads MQTT disabled as a Tasmota page without a broker', () => {
    expect(decodeTasmotaInfo(raw('}1MQTT}2Disabled'))).toEqual({ version: '14.3.0(release-tasmota)', mqttEnabled: false });
    expect(decodeTasmotaInfo('<html><body>login</body></html>')).toBeNull();
  });
});

describe('checkTasmota with a fake io', () => {
  const fake = (a: { status: number; body: string } | Error) => {
    const asked: string[] = [];
    const io: AccessIo = {
      httpGet: (_h, _p, path) => (asked.push(path), a instanceof Error ? Promise.reject(a) : Promise.resolve(a)),
      tcpRequest: () => Promise.reject(new Error('no tcp')),
      now: () => at,
    };
    return { io, asked };
  };

  it('reads only the information page, once', async () => {
    const { io, asked } = fake({ status: 200, body: outside });
    const r = await checkTasmota(io, { deviceId: 'd', ip: '192.168.1.5' });
    expect(asked).toEqual(['/in']);
    expect(r.entries).toHaveLength(1);
  });

  it.each([
    [{ status: 401, body: '' }, /web password/],
    [{ status: 200, body: 'garbage' }, /no information table/],
    [new Error('TOO_LARGE: big'), /TOO_LARGE/],
  ])('reports %#', async (a, msg) => {
    const r = await checkTasmota(fake(a).io, { deviceId: 'd', ip: '192.168.1.5' });
    expect(r.entries).toEqual([]);
    expect(r.errors.join()).toMatch(msg);
  });
});
