/** MQTT broker offers in the audit view: from mDNS announcements and from LAN clients seen on 1883/8883. */
import { describe, expect, it } from 'vitest';
import type { Device, PeerSummary } from '../../../gateway/contract.ts';
import { newRecord } from '../../../gateway/audit/record.ts';
import { loadRiskWeights } from '../../../gateway/audit/risk.ts';
import { buildAuditView, mqttBrokerOffers } from '../../../gateway/audit/view.ts';

const AT = '2026-11-27T10:00:00.000Z';

function device(id: string, ips: string[], extra: Partial<Device> = {}): Device {
  return {
    id, randomizedMac: false, ips, hostnames: [], names: [], category: 'unknown', capabilities: [], firstSeen: AT, lastSeen: AT,
    traffic: { bytesUp: 0, bytesDown: 0, peers: [] }, ...extra,
  };
}

function peer(ip: string, ports: number[]): PeerSummary {
  return { ip, bytesUp: 100, bytesDown: 100, packets: 4, ports, firstSeen: AT, lastSeen: AT };
}

function withPeers(d: Device, peers: PeerSummary[]): Device {
  return { ...d, traffic: { bytesUp: 0, bytesDown: 0, peers } };
}

describe('mqttBrokerOffers', () => {
  it.each([
    ['_mqtt._tcp', 'mqtt://10.0.0.5:1883'],
    ['_mqtt._tcp.local', 'mqtt://10.0.0.5:1883'],
    ['_secure-mqtt._tcp', 'mqtts://10.0.0.5:8883'],
  ])('offers a device announcing %s at %s', (service, url) => {
    const offers = mqttBrokerOffers([device('mac-1', ['10.0.0.5'], { services: [service], names: ['Home hub'] })]);
    expect(offers).toEqual([{ device: 'mac-1', url, why: 'Home hub announces an MQTT message broker on this network.' }]);
  });

  it('offers a device that other home devices connect to on 1883, counting each client once', () => {
    const broker = device('mac-b', ['10.0.0.9'], { names: ['pi'] });
    const a = withPeers(device('mac-a', ['10.0.0.20']), [peer('10.0.0.9', [1883]), peer('198.51.100.1', [443])]);
    const c = withPeers(device('mac-c', ['10.0.0.21']), [peer('10.0.0.9', [1883, 8883])]);
    const offers = mqttBrokerOffers([broker, a, c]);
    expect(offers).toEqual([{ device: 'mac-b', url: 'mqtt://10.0.0.9:1883', why: '2 other devices here connect to pi on port 1883, the usual MQTT port.' }]);
  });

  it('says why in the reader\'s language', () => {
    const broker = device('mac-b', ['10.0.0.9'], { names: ['pi'], services: ['_mqtt._tcp'] });
    const a = withPeers(device('mac-a', ['10.0.0.20']), [peer('10.0.0.9', [1883])]);
    const [offer] = mqttBrokerOffers([broker, a], (d) => d.names[0] ?? d.id, 'pt-BR');
    expect(offer!.why).toBe('pi anuncia um broker de mensagens MQTT nesta rede. Outro dispositivo daqui se conecta a ele na porta 1883, a porta habitual do MQTT.');
  });

  it('uses mqtts:// on 8883 when only 8883 is seen, and prefers an IPv4 address', () => {
    const broker = device('mac-b', ['fd00::9', '10.0.0.9'], { hostnames: ['nas'] });
    const a = withPeers(device('mac-a', ['10.0.0.20']), [peer('fd00::9', [8883])]);
    expect(mqttBrokerOffers([broker, a])).toEqual([
      { device: 'mac-b', url: 'mqtts://10.0.0.9:8883', why: 'Another device here connects to nas on port 8883, the usual MQTT port.' },
    ]);
  });

  it('offers nothing for outside brokers, other ports, a device talking to itself, or no address', () => {
    const cloudClient = withPeers(device('mac-a', ['10.0.0.20']), [peer('198.51.100.7', [1883]), peer('10.0.0.30', [80])]);
    const web = device('mac-w', ['10.0.0.30']);
    const selfish = withPeers(device('mac-s', ['10.0.0.31']), [peer('10.0.0.31', [1883])]);
    const noIp = device('mac-n', [], { services: ['_mqtt._tcp'] });
    expect(mqttBrokerOffers([cloudClient, web, selfish, noIp])).toEqual([]);
  });

  it('appears in the audit view, and not in a read-only review', () => {
    const rec = newRecord({ id: 'a1', title: 't', startedAt: AT, mode: 'capture', sources: [] }, { status: 'done' });
    rec.devices = [device('mac-1', ['10.0.0.5'], { services: ['_mqtt._tcp'], names: ['Home hub'] })];
    const ctx = { lang: 'en', profiles: new Map(), risk: loadRiskWeights(), cannotSee: [] };
    expect(buildAuditView(rec, ctx).offers?.mqttBrokers.map((o) => o.url)).toEqual(['mqtt://10.0.0.5:1883']);
    rec.readOnly = true;
    expect(buildAuditView(rec, ctx).offers?.mqttBrokers).toEqual([]);
  });
});
