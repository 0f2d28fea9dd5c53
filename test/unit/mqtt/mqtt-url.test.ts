/** Broker addresses for the audit: accepted forms, refused ones (with the reason). */
import { describe, expect, it } from 'vitest';
import { MqttUrlError, parseBrokerUrl } from '../../../gateway/mqtt/mqtt-url.ts';

describe('parseBrokerUrl', () => {
  it.each([
    ['mqtt://192.168.1.20', { url: 'mqtt://192.168.1.20:1883', port: 1883, tls: false }],
    ['192.168.1.20', { url: 'mqtt://192.168.1.20:1883', port: 1883, tls: false }],
    ['broker.local:1884', { url: 'mqtt://broker.local:1884', host: 'broker.local', port: 1884 }],
    ['mqtts://broker.local', { url: 'mqtts://broker.local:8883', port: 8883, tls: true }],
    ['MQTT://[::1]:1883', { url: 'mqtt://[::1]:1883', host: '::1' }],
    ['mqtt://sam@10.0.0.2', { username: 'sam', host: '10.0.0.2' }],
  ])('%s', (input, want) => expect(parseBrokerUrl(input)).toMatchObject(want));

  it.each([
    ['', /empty/],
    ['http://broker.local', /only mqtt/],
    ['mqtt://sam:secret@broker.local', /password-file/],
    ['mqtt://broker.local:99999', /not a broker address/],
    ['mqtt://broker.local/topic', /no path/],
    ['mqtt://', /not a broker address|names no host/],
  ])('%j is refused', (input, why) => {
    expect(() => parseBrokerUrl(input)).toThrow(MqttUrlError);
    expect(() => parseBrokerUrl(input)).toThrow(why);
  });
});
