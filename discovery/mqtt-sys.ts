/**
 * `$SYS/#`: the broker's own facts (mosquitto and most brokers): its version, uptime, connected clients, and the
 * state of each bridge to another broker (`$SYS/broker/connection/<name>/state`, "1" connected, "0" not).
 */
import { cleanName } from './mqtt-payload.ts';
import type { TopicHandler } from './mqtt-sink.ts';

/** Handles `$SYS/broker/...` topics. */
export const handleSys: TopicHandler = (m, sink) => {
  const l = m.levels;
  if (l[0] !== '$SYS' || l[1] !== 'broker') return false;
  if (l.length === 5 && l[2] === 'connection' && l[4] === 'state') {
    const name = cleanName(l[3]);
    const text = sink.text(m);
    if (name && text !== undefined) sink.bridge(name, text.trim() === '1', m.topic, m.at);
    return true;
  }
  if (l.length === 3 && (l[2] === 'version' || l[2] === 'uptime')) {
    const v = cleanName(sink.text(m), 80);
    if (v) sink.broker(l[2], v);
    return true;
  }
  if (l.length === 4 && l[2] === 'clients' && l[3] === 'connected') {
    const n = Number(sink.text(m));
    if (Number.isInteger(n) && n >= 0) sink.broker('clientsConnected', n);
    return true;
  }
  return true;
};
