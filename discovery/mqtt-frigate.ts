/**
 * Frigate (a camera video recorder): `frigate/events` JSON (`{type, before, after: {camera, label …}}`) and the
 * per-camera state topics `frigate/<camera>/<feature>/state`, whose `/set` twins switch detection, recording and
 * snapshots. Each camera named there is a camera whose events anyone subscribed can follow.
 * https://docs.frigate.video/integrations/mqtt
 */
import { asObject, cleanName } from './mqtt-payload.ts';
import type { Sink, TopicHandler } from './mqtt-sink.ts';

const FEATURES = new Set(['detect', 'recordings', 'snapshots', 'motion', 'audio', 'ptz_autotracker', 'birdseye']);

function camera(sink: Sink, base: string, name: string, topic: string, retained: boolean, control: boolean, at: string): void {
  const id = `frigate:${name}`;
  sink.device({ id, via: 'frigate', name, topic, category: 'camera', capabilities: ['camera'], classifiedBy: 'announcement' }, at);
  sink.entity({ kind: 'camera', via: 'frigate', topic: `${base}/${name}`, name, retained, control, device: id }, at);
}

/** Handles Frigate events and camera state topics (base `frigate`). */
export const handleFrigate: TopicHandler = (m, sink) => {
  const l = m.levels;
  if (l[0] !== 'frigate') return false;
  if (l.length === 2 && l[1] === 'events') {
    const ev = asObject(sink.json(m));
    const after = asObject(ev?.after) ?? asObject(ev?.before);
    const name = cleanName(after?.camera, 64);
    if (name) camera(sink, 'frigate', name, m.topic, m.retained, false, m.at);
    return true;
  }
  if (l.length === 4 && FEATURES.has(l[2]!) && l[3] === 'state') {
    const name = cleanName(l[1], 64);
    if (name) camera(sink, 'frigate', name, m.topic, m.retained, true, m.at);
    return true;
  }
  return true;
};
