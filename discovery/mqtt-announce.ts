/**
 * Announcements of Wi-Fi devices that talk MQTT themselves: Tasmota (`tasmota/discovery/<MAC>/config` JSON, and
 * `tele/<topic>/LWT` "Online"/"Offline") and Shelly (`shellies/announce` JSON, `shellies/<id>/online`, and the
 * second generation's `<id>/online`). They carry the device's MAC and LAN address, so these devices merge with
 * the ones seen on the network.
 * https://tasmota.github.io/docs/MQTT/ · https://shelly-api-docs.shelly.cloud/gen1/#mqtt-support
 */
import { asObject, cleanName, ipv4, normaliseMac } from './mqtt-payload.ts';
import type { Sink, TopicHandler, TopicMessage } from './mqtt-sink.ts';

function tasmotaConfig(m: TopicMessage, sink: Sink): void {
  const c = asObject(sink.json(m));
  if (!c) return;
  const topic = cleanName(c.t, 64);
  const mac = normaliseMac(c.mac) ?? normaliseMac(m.levels[2]);
  if (!topic && !mac) return;
  const friendly = Array.isArray(c.fn) ? c.fn.find((x) => typeof x === 'string' && x.length > 0) : undefined;
  const model = cleanName(c.md);
  const kind = sink.classify?.('Tasmota', model);
  sink.device(
    {
      id: `tasmota:${topic ?? mac}`, via: 'tasmota', name: cleanName(c.dn) ?? cleanName(friendly) ?? cleanName(c.hn) ?? topic ?? mac!,
      vendor: 'Tasmota', model, mac, ip: ipv4(c.ip), topic: m.topic,
      category: kind?.category ?? 'smart-plug', capabilities: kind?.capabilities ?? ['remote-control'],
      classifiedBy: kind ? `profile:${kind.profile.id}` : 'announcement', profile: kind?.profile,
    },
    m.at,
  );
}

function shellyAnnounce(m: TopicMessage, sink: Sink): void {
  const c = asObject(sink.json(m));
  const id = cleanName(c?.id, 64);
  if (!c || !id) return;
  const model = cleanName(c.model);
  const kind = sink.classify?.('Shelly', model);
  sink.device(
    {
      id: `shelly:${id}`, via: 'shelly', name: cleanName(c.name) ?? id, vendor: 'Shelly', model, mac: normaliseMac(c.mac), ip: ipv4(c.ip),
      topic: m.topic, category: kind?.category ?? 'smart-plug', capabilities: kind?.capabilities ?? ['remote-control'],
      classifiedBy: kind ? `profile:${kind.profile.id}` : 'announcement', profile: kind?.profile,
    },
    m.at,
  );
}

function onlineFlag(m: TopicMessage, sink: Sink, id: string, via: 'tasmota' | 'shelly', on: string, off: string): void {
  const t = sink.text(m)?.trim();
  if (t !== on && t !== off) return;
  const online = t === on;
  if (sink.online(id, online, m.at)) return;
  const name = id.slice(via.length + 1);
  sink.device({ id, via, name, vendor: via === 'tasmota' ? 'Tasmota' : 'Shelly', topic: m.topic, category: 'smart-plug', capabilities: ['remote-control'], classifiedBy: 'announcement', online }, m.at);
}

/** Handles Tasmota and Shelly announcements and online flags. */
export const handleAnnounce: TopicHandler = (m, sink) => {
  const l = m.levels;
  if (l[0] === 'tasmota' && l[1] === 'discovery' && l.length === 4 && l[3] === 'config') {
    tasmotaConfig(m, sink);
    return true;
  }
  if (l[0] === 'tele' && l.length === 3 && l[2] === 'LWT') {
    onlineFlag(m, sink, `tasmota:${cleanName(l[1], 64) ?? ''}`, 'tasmota', 'Online', 'Offline');
    return true;
  }
  if (l[0] === 'shellies' && ((l.length === 2 && l[1] === 'announce') || (l.length === 3 && l[2] === 'announce'))) {
    shellyAnnounce(m, sink);
    return true;
  }
  if (l[0] === 'shellies' && l.length === 3 && l[2] === 'online') {
    onlineFlag(m, sink, `shelly:${cleanName(l[1], 64) ?? ''}`, 'shelly', 'true', 'false');
    return true;
  }
  // Gen2 devices publish `<device id>/online`; their ids start with "shelly" (e.g. shellyplus1pm-a8032ab12345).
  if (l.length === 2 && l[1] === 'online' && /^shelly[a-z0-9]*-[0-9a-f]{6,12}$/i.test(l[0]!)) {
    onlineFlag(m, sink, `shelly:${l[0]}`, 'shelly', 'true', 'false');
    return true;
  }
  return false;
};
