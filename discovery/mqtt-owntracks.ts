/**
 * OwnTracks location reports: `owntracks/<user>/<device>` (the default; the base is configurable) with a JSON
 * payload whose `_type` is `location` (or `transition`, entering or leaving a region), carrying coordinates and
 * the report time `tst`. Only the fact that a location is published, by whom and when is kept: never the
 * coordinates (DESIGN.md: metadata only).
 * https://owntracks.org/booklet/tech/json/
 */
import { asObject, cleanName } from './mqtt-payload.ts';
import type { TopicHandler } from './mqtt-sink.ts';

const LOCATION_TYPES = new Set(['location', 'transition']);
// A report time outside these years is not a time (garbage or a hostile payload).
const MIN_TST = Date.UTC(2000, 0, 1) / 1000;
const MAX_TST = Date.UTC(2100, 0, 1) / 1000;

/** Handles OwnTracks location reports, under any base topic, recognised by the payload's `_type`. */
export const handleOwnTracks: TopicHandler = (m, sink) => {
  const l = m.levels;
  const ownTopic = l[0] === 'owntracks' && l.length === 3;
  // Cheap test before parsing: OwnTracks payloads always carry `_type`.
  if (!ownTopic && !m.payload.includes('"_type"')) return false;
  const o = asObject(sink.json(m));
  if (!o || typeof o._type !== 'string' || !LOCATION_TYPES.has(o._type)) return ownTopic;
  if (typeof o.lat !== 'number' || typeof o.lon !== 'number') return ownTopic;
  const publisher = cleanName(ownTopic ? `${l[1]}/${l[2]}` : m.topic, 200)!;
  const tid = cleanName(o.tid, 8);
  const tst = typeof o.tst === 'number' && o.tst >= MIN_TST && o.tst <= MAX_TST ? new Date(Math.round(o.tst) * 1000).toISOString() : undefined;
  const id = `owntracks:${publisher}`;
  sink.device(
    { id, via: 'owntracks', name: tid ? `${publisher} (${tid})` : publisher, topic: m.topic, category: 'phone', capabilities: ['location'], classifiedBy: 'announcement' },
    m.at,
  );
  sink.entity({ kind: 'location', via: 'owntracks', topic: m.topic, name: publisher, publisher, retained: m.retained, control: false, reportedAt: tst, device: id }, m.at);
  return true;
};
