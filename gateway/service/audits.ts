/**
 * The audit lifecycle: the demo home, an uploaded capture, a live audit of an interface (started, watched,
 * stopped), checklist answers, comments and motion-test marks. Every change is written to the store at once; a
 * live audit is saved every few seconds while it runs, so a crash loses at most those seconds.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import type { AccessEntry, AuditMeta, AuditProgress, ChecklistItem, ChecklistStatus, Comment, Device, Observation } from '../contract.ts';
import { analyzeCapture } from '../audit/analyze-capture.ts';
import { buildChecklist } from '../audit/checklist.ts';
import { checklistFor } from '../../device-profiles/knowledge.ts';
import { newRecord, setFindings, type AuditRecord } from '../audit/record.ts';
import type { RuleFinding } from '../rules/engine.ts';
import { motionTest } from '../rules/motion-test.ts';
import { ownName } from '../rules/render.ts';
import { CaptureFormatError } from '../capture/types.ts';
import type { Knowledge } from '../knowledge.ts';
import type { Store } from '../store/store.ts';
import { passiveAccess, withAccess } from './access.ts';
import { accessFindings, addAccess, auditFindings } from './access-observations.ts';
import { createLiveAudit, type LiveAudit, type LiveSnapshot } from './live-audit.ts';
import { mergeDevices } from './mqtt-merge.ts';
import type { CaptureFromOptions, CaptureSource } from '../capture/sources/capture-from.ts';
import { CaptureSourceError } from '../capture/tcpdump-source.ts';

export class AuditError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
    /** A reason the page words itself, e.g. `not-a-capture`. */
    readonly code?: string,
    /** For a router capture whose host key needs the owner's confirmation: the key's SHA256 fingerprint. */
    readonly hostKey?: { fingerprint: string; changed: boolean },
  ) {
    super(message);
    this.name = 'AuditError';
  }
}

export interface AuditManagerOptions {
  store: Store;
  knowledge: Knowledge;
  demoCapture: string;
  log(m: string): void;
  /** How often a running audit is refreshed and saved (default 5000 ms). */
  refreshMs?: number;
  /** Live audit settings (discovery rounds); tests shorten them. */
  live?: { discoverySeconds?: number; discoveryEverySeconds?: number; capture?: boolean; routerTables?: { leases?: string; conntrack?: boolean } };
  /** Makes a live audit (tests may inject one). */
  createLive?: typeof createLiveAudit;
  /** Makes the capture source for a router named by `--capture-from` or the page (throws CaptureSourceError). */
  createSource?: (from: CaptureFromOptions, log: (m: string) => void) => CaptureSource;
}

type Listener = (p: AuditProgress) => void;

export interface AuditManager {
  start(): Promise<void>;
  stop(): Promise<void>;
  openDemo(): Promise<AuditRecord>;
  analyzeFile(path: string, name: string, opts?: { removeAfter?: boolean }): Promise<AuditRecord>;
  /** A live audit of this computer's interface, or of the router's traffic when `from` names it (or both). */
  startLive(iface: string | undefined, minutes?: number, from?: CaptureFromOptions): Promise<AuditRecord>;
  stopAudit(id: string): Promise<AuditRecord>;
  remove(id: string): Promise<void>;
  answer(id: string, itemId: string, patch: { status?: ChecklistStatus; answer?: string; note?: string }): Promise<ChecklistItem>;
  comment(id: string, c: Omit<Comment, 'id' | 'at'>): Promise<Comment>;
  markMotion(id: string): Promise<string>;
  motion(id: string): AuditRecord['motion'];
  /** The audit before this one (for "new since last audit"). */
  previousOf(rec: AuditRecord): AuditRecord | undefined;
  subscribe(id: string, fn: Listener): () => void;
  isRunning(id: string): boolean;
  /** Stops every running audit (before a wipe). */
  stopAll(): Promise<void>;
  /**
   * Adds what an account check found to a device of the audit (entries with the same id are replaced), runs the
   * access rules over the devices' entries, adds the new findings and rebuilds the checklist (answers kept).
   * Refused (409) on read-only audits. Returns the ids of the device's access findings.
   */
  addAccess(id: string, deviceId: string, entries: readonly AccessEntry[]): Promise<{ findings: string[] }>;
  /** The rules, identifier and profiles the audits use, for sensors run beside an audit (the MQTT broker audit). */
  readonly knowledge: Knowledge;
  /**
   * Feeds another sensor's observations (an MQTT broker audit) into a listening audit, keeps `devices` (devices the
   * inventory cannot make from observations, such as Zigbee devices behind a broker) in its device list from now
   * on, and saves at once. False when the audit is not listening; 409 while it is stopping.
   */
  feedLive(id: string, observations: readonly Observation[], devices: readonly Device[]): Promise<boolean>;
  /** Puts devices and findings into a finished audit (checklist rebuilt, answers kept) and saves it. */
  replaceResults(id: string, devices: Device[], findings: readonly RuleFinding[]): Promise<AuditRecord>;
}

const MOTION_WINDOW_S = 10;
/** A live audit's tcpdump hands packets over in batches, up to a few seconds late at quiet times (tcpdump-source.ts). */
const CAPTURE_LAG_S = 3;
const MOTION_BEFORE_S = 30;

export function createAuditManager(opts: AuditManagerOptions): AuditManager {
  const { store, knowledge } = opts;
  const running = new Map<string, { live: LiveAudit; timer: NodeJS.Timeout; endTimer?: NodeJS.Timeout; startedMs: number; extra?: Device[] }>();
  const listeners = new Map<string, Set<Listener>>();
  // Entries from account checks run while a live audit listens: each refresh rebuilds the devices from the live
  // snapshot, so these are put back on every refresh.
  const explicitAccess = new Map<string, Map<string, AccessEntry[]>>();

  const emit = (rec: AuditRecord) => {
    for (const fn of listeners.get(rec.meta.id) ?? []) fn(rec.progress);
  };

  const get = (id: string): AuditRecord => {
    const rec = store.get(id);
    if (!rec) throw new AuditError(404, `no audit "${id}"`);
    return rec;
  };

  const previousOf = (rec: AuditRecord): AuditRecord | undefined =>
    store.list().find((r) => r.meta.id !== rec.meta.id && r.meta.mode !== 'import' && r.meta.mode === rec.meta.mode && r.meta.startedAt < rec.meta.startedAt && r.status === 'done');

  /** Puts devices, findings and a rebuilt checklist (answers kept) into the record. */
  const apply = (rec: AuditRecord, devices: Device[], passFindings: readonly RuleFinding[], packets: number, minutes: number, visibility = rec.meta.visibility, missedPackets = rec.progress?.missedPackets) => {
    // Access entries go through the same rules as everything else (pcap-rules/access/).
    const findings = auditFindings(knowledge.rules, devices, passFindings);
    setFindings(rec, devices, findings);
    const built = buildChecklist(devices, findings, knowledge.profiles, rec.checklist, undefined, undefined, hintSteps(knowledge));
    rec.checklist = built.items;
    rec.texts.checklist = built.texts;
    rec.progress = {
      status: rec.status,
      devices: devices.filter((d) => d.id !== 'unattributed').length,
      findings: rec.findings.filter((f) => f.severity !== 'info').length,
      minutesListened: minutes,
      packets,
      ...(missedPackets !== undefined ? { missedPackets } : {}),
      updatedAt: new Date().toISOString(),
      ...(visibility ? { visibility } : {}),
    };
    if (visibility) rec.meta.visibility = visibility;
  };

  const meta = (title: string, mode: AuditMeta['mode'], sources: string[]): AuditMeta => ({
    id: randomUUID(),
    title,
    startedAt: new Date().toISOString(),
    mode,
    sources,
  });

  async function analyze(path: string, title: string, mode: 'demo' | 'capture', fileName?: string): Promise<AuditRecord> {
    let result;
    try {
      // The latest finished audit of the same kind is "the last audit" whose devices are not new.
      const prev = store.list().find((r) => r.meta.mode === mode && r.status === 'done');
      result = await analyzeCapture(path, {
        identify: knowledge.identify, rules: knowledge.rules, indicators: knowledge.indicators,
        ...(prev ? { previousDeviceIds: new Set(prev.devices.map((d) => d.id)) } : {}),
        ...(fileName ? { fileName } : {}),
      });
    } catch (err) {
      const notCapture = err instanceof CaptureFormatError && err.code === 'NOT_A_CAPTURE';
      throw new AuditError(400, `${title}: ${(err as Error).message}`, notCapture ? 'not-a-capture' : undefined);
    }
    const doc = result.document;
    const rec = newRecord({ ...doc.audit, title, mode }, { status: 'done' });
    const span = doc.audit.capture?.firstPacket && doc.audit.capture.lastPacket ? Date.parse(doc.audit.capture.lastPacket) - Date.parse(doc.audit.capture.firstPacket) : 0;
    apply(rec, withAccess(doc.devices, passiveAccess(doc.devices, doc.audit.endedAt ?? doc.audit.startedAt)), result.findings, doc.audit.capture?.packets ?? 0, Math.round(span / 60_000));
    await store.put(rec);
    return rec;
  }

  async function refresh(id: string, snap: LiveSnapshot, final: boolean) {
    const rec = store.get(id);
    const r = running.get(id);
    if (!rec) return;
    const minutes = r ? Math.floor((Date.now() - r.startedMs) / 60_000) : rec.progress.minutesListened;
    if (final) {
      rec.status = 'done';
      rec.meta.endedAt = new Date().toISOString();
    }
    if (snap.captureError) rec.error = `capture: ${snap.captureError}`;
    for (const [deviceId, entries] of explicitAccess.get(id) ?? []) snap = { ...snap, devices: addAccess(snap.devices, deviceId, entries) };
    apply(rec, r?.extra ? mergeDevices(snap.devices, r.extra) : snap.devices, snap.findings, snap.packets, minutes, snap.visibility, snap.missedPackets);
    await store.put(rec);
    emit(rec);
  }

  return {
    async start() {},
    async stop() {
      await this.stopAll();
    },
    async stopAll() {
      for (const id of [...running.keys()]) await this.stopAudit(id).catch((err: Error) => opts.log(`audits: stopping ${id}: ${err.message}`));
    },
    async openDemo() {
      // The demo is always the same home: reopen it rather than add an identical one.
      return store.list().find((r) => r.meta.mode === 'demo' && !r.readOnly) ?? analyze(opts.demoCapture, 'Demo home', 'demo');
    },
    async analyzeFile(path, name, o = {}) {
      try {
        // A second upload of the same file gets "(2)", so the list tells them apart.
        const base = `Capture ${basename(name)}`;
        const taken = new Set(store.list().map((r) => r.meta.title));
        let title = base;
        for (let n = 2; taken.has(title); n++) title = `${base} (${n})`;
        return await analyze(path, title, 'capture', basename(name));
      } finally {
        // The capture holds packet contents; HomeSweep keeps only metadata, so the upload goes once read.
        if (o.removeAfter) await rm(path, { force: true });
      }
    },
    async startLive(iface, minutes, from) {
      if ([...running.values()].length) throw new AuditError(409, 'an audit is already listening; stop it first');
      if (!iface && !from) throw new AuditError(400, 'choose an interface of this computer or a router to capture from');
      const log = (id: string) => (m: string) => opts.log(`audit ${id.slice(0, 8)}: ${m}`);
      let source: CaptureSource | undefined;
      if (from) {
        if (!opts.createSource) throw new AuditError(400, 'this gateway cannot capture from a router');
        try {
          source = opts.createSource(from, opts.log);
        } catch (err) {
          throw new AuditError(400, (err as Error).message);
        }
      }
      const where = [iface, source?.label].filter(Boolean).join(', ');
      const rec = newRecord(meta(`This network (${where})`, 'live', [source ? 'router-capture' : 'capture', ...(iface ? ['discovery'] : [])]), { status: 'running', ...(iface ? { interface: iface } : {}) });
      const prev = previousOf(rec);
      const live = (opts.createLive ?? createLiveAudit)({
        ...(iface ? { interface: iface } : {}),
        ...(source ? { captureSource: source } : {}),
        knowledge,
        log: log(rec.meta.id),
        ...opts.live,
        ...(prev ? { previousDeviceIds: new Set(prev.devices.map((d) => d.id)) } : {}),
      });
      await store.put(rec);
      try {
        await live.start();
      } catch (err) {
        rec.status = 'failed';
        rec.error = (err as Error).message;
        rec.progress.status = 'failed';
        await store.put(rec);
        const e = err instanceof CaptureSourceError && err.fingerprint && (err.code === 'HOST_KEY_UNKNOWN' || err.code === 'HOST_KEY_CHANGED') ? err : undefined;
        throw new AuditError(e ? 409 : 400, (err as Error).message, undefined, e ? { fingerprint: e.fingerprint!, changed: e.code === 'HOST_KEY_CHANGED' } : undefined);
      }
      const timer = setInterval(() => {
        refresh(rec.meta.id, live.snapshot(), false).catch((err: Error) => opts.log(`audits: saving ${rec.meta.id}: ${err.message}`));
      }, opts.refreshMs ?? 5000);
      const entry: { live: LiveAudit; timer: NodeJS.Timeout; endTimer?: NodeJS.Timeout; startedMs: number } = { live, timer, startedMs: Date.now() };
      if (minutes && minutes > 0) entry.endTimer = setTimeout(() => void this.stopAudit(rec.meta.id).catch(() => undefined), minutes * 60_000);
      running.set(rec.meta.id, entry);
      return rec;
    },
    async stopAudit(id) {
      const rec = get(id);
      const r = running.get(id);
      if (!r) return rec;
      clearInterval(r.timer);
      if (r.endTimer) clearTimeout(r.endTimer);
      rec.status = 'stopping';
      rec.progress.status = 'stopping';
      emit(rec);
      const snap = await r.live.stop();
      await refresh(id, snap, true);
      running.delete(id);
      explicitAccess.delete(id);
      return get(id);
    },
    async remove(id) {
      get(id);
      if (running.has(id)) await this.stopAudit(id);
      await store.remove(id);
      listeners.delete(id);
    },
    async answer(id, itemId, patch) {
      const rec = get(id);
      if (rec.readOnly) throw new AuditError(409, 'this audit was imported for review and cannot be changed; add a comment instead');
      const item = rec.checklist.find((i) => i.id === itemId);
      if (!item) throw new AuditError(404, `no checklist item "${itemId}"`);
      if (patch.status !== undefined) item.status = patch.status;
      if (patch.answer !== undefined) item.answer = patch.answer;
      if (patch.note !== undefined) item.note = patch.note;
      item.updatedAt = new Date().toISOString();
      await store.put(rec);
      return item;
    },
    async comment(id, c) {
      const rec = get(id);
      const comment: Comment = { id: randomUUID(), at: new Date().toISOString(), ...c };
      rec.comments.push(comment);
      await store.put(rec);
      return comment;
    },
    async markMotion(id) {
      const rec = get(id);
      if (!running.has(id)) throw new AuditError(409, 'the motion test needs an audit that is listening now');
      const at = new Date().toISOString();
      rec.motion.push({ at, devices: [] });
      await store.put(rec);
      return at;
    },
    motion(id) {
      const rec = get(id);
      const r = running.get(id);
      if (r) {
        const series = r.live.uploadSeries();
        const byKey = new Map<string, Device>();
        for (const d of rec.devices) {
          if (d.mac) byKey.set(d.mac, d);
          for (const ip of d.ips) byKey.set(ip, d);
        }
        for (const m of rec.motion) {
          const markMs = Date.parse(m.at);
          // Only once the reaction window has passed, and its packets have arrived, is the result final.
          if (m.devices.length || Date.now() < markMs + (MOTION_WINDOW_S + CAPTURE_LAG_S) * 1000) continue;
          m.devices = motionTest(series, markMs, { windowSeconds: MOTION_WINDOW_S, before: MOTION_BEFORE_S }).map((x) => {
            const d = byKey.get(x.key);
            return {
              device: d?.id ?? x.key,
              name: (d && ownName(d)) ?? d?.profile?.name ?? x.key,
              beforeBitsPerSecond: Math.round(x.beforeBitsPerSecond),
              afterBitsPerSecond: Math.round(x.afterBitsPerSecond),
              ratio: Math.round(x.ratio * 10) / 10,
              reacted: x.reacted,
            };
          });
        }
      }
      return rec.motion;
    },
    previousOf,
    subscribe(id, fn) {
      const set = listeners.get(id) ?? listeners.set(id, new Set()).get(id)!;
      set.add(fn);
      return () => set.delete(fn);
    },
    isRunning(id) {
      return running.has(id);
    },
    async addAccess(id, deviceId, entries) {
      const rec = get(id);
      if (rec.readOnly) throw new AuditError(409, 'this audit was imported for review and cannot be changed; add a comment instead');
      if (!rec.devices.some((d) => d.id === deviceId)) throw new AuditError(404, `no device "${deviceId}" in this audit`);
      if (running.has(id)) {
        const mine = explicitAccess.get(id) ?? explicitAccess.set(id, new Map()).get(id)!;
        const ids = new Set(entries.map((e) => e.id));
        mine.set(deviceId, [...(mine.get(deviceId) ?? []).filter((e) => !ids.has(e.id)), ...entries]);
      }
      rec.devices = addAccess(rec.devices, deviceId, entries);
      // The audit's findings stay as they are; the access rules run over the entries alone (a fresh engine) and
      // the findings not there yet are added.
      const kept: RuleFinding[] = rec.findings.flatMap((f) => {
        const texts = rec.texts.findings[f.id];
        return texts ? [{ finding: f, texts, status: 'stable' as const, references: [] }] : [];
      });
      const fresh = accessFindings(knowledge.rules, rec.devices);
      const known = new Set(rec.findings.map((f) => f.id));
      const added = fresh.filter((f) => !known.has(f.finding.id));
      rec.findings = [...rec.findings, ...added.map((f) => f.finding)];
      for (const f of added) rec.texts.findings[f.finding.id] = f.texts;
      const built = buildChecklist(rec.devices, [...kept, ...added], knowledge.profiles, rec.checklist, undefined, undefined, hintSteps(knowledge));
      rec.checklist = built.items;
      rec.texts.checklist = built.texts;
      rec.progress = { ...rec.progress, findings: rec.findings.filter((f) => f.severity !== 'info').length, updatedAt: new Date().toISOString() };
      await store.put(rec);
      emit(rec);
      return { findings: fresh.filter((f) => f.finding.device === deviceId).map((f) => f.finding.id) };
    },
    knowledge,
    async feedLive(id, observations, devices) {
      const rec = get(id);
      const r = running.get(id);
      if (!r) return false;
      if (rec.status === 'stopping') throw new AuditError(409, 'the audit is stopping; try again once it has stopped');
      for (const o of observations) r.live.observe(o);
      r.extra = mergeDevices(r.extra ?? [], devices);
      await refresh(id, r.live.snapshot(), false);
      return true;
    },
    async replaceResults(id, devices, findings) {
      const rec = get(id);
      if (rec.readOnly) throw new AuditError(409, 'this audit was imported for review and cannot be changed');
      if (running.has(id)) throw new AuditError(409, 'the audit is still listening');
      apply(rec, devices, findings, rec.progress.packets, rec.progress.minutesListened);
      await store.put(rec);
      emit(rec);
      return rec;
    },
  };
}

/** The kind's checklist for hinted devices, when the knowledge has clues. */
function hintSteps(knowledge: Knowledge) {
  const clues = knowledge.clues;
  return clues ? (category: Parameters<typeof checklistFor>[1]) => checklistFor(clues, category) : undefined;
}
