/**
 * A zigbee2mqtt device with no exposes and no profile is placed by its own description in words ("… lock …"),
 * through the identifier's clues (issue 12); a description that says nothing leaves it unknown.
 */
import { describe, expect, it } from 'vitest';
import { parseMqttTopicTree } from '../../../discovery/mqtt-broker.ts';
import { createDescriptionClassifier } from '../../../discovery/mqtt-classify.ts';
import { loadIdentifier } from '../../../gateway/identify-loader.ts';

const describeDevice = createDescriptionClassifier(loadIdentifier().identify);

describe('createDescriptionClassifier', () => {
  it.each([
    ['Smart door lock with keypad', 'lock'],
    ['Cerradura inteligente', 'lock'],
    ['Wireless smart plug with power monitoring', 'smart-plug'],
    ['Temperature and humidity sensor', 'sensor'],
    ['Indoor pan/tilt camera', 'camera'],
  ])('%s → %s', (description, category) => {
    expect(describeDevice('Acme', 'X1', description)?.category).toBe(category);
  });

  it.each([[undefined], ['Zigbee 3.0 device'], ['']])('%s → null', (description) => {
    expect(describeDevice('Acme', 'X1', description)).toBeNull();
  });
});

describe('zigbee2mqtt device without exposes', () => {
  it('is classified from its description', () => {
    const payload = JSON.stringify([{ ieee_address: '0x00158d0001', friendly_name: 'Porta', type: 'EndDevice', definition: { vendor: 'Acme', model: 'ZL-1', description: 'Zigbee smart lock' } }]);
    const inv = parseMqttTopicTree([{ topic: 'zigbee2mqtt/bridge/devices', payload: Buffer.from(payload), retained: true, at: '2026-12-07T00:00:00.000Z' }], { describe: describeDevice });
    expect(inv.devices[0]).toMatchObject({ name: 'Porta', category: 'lock', classifiedBy: 'description' });
  });
});
