/**
 * The store (lowdb): one JSON file per audit under `<data>/audits/`, the passcode under `<data>/auth.json`, and
 * `<data>/store.json` with the schema version. Every write is atomic (AtomicJsonFile). A file that cannot be read
 * is moved aside as `*.corrupt` and reported, never silently dropped. `wipe()` deletes everything.
 */
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { RECORD_SCHEMA, type AuditRecord } from '../audit/record.ts';
import { AUDIT_ID } from '../audit/schema.ts';
import { AtomicJsonFile } from './atomic-json-file.ts';

export const STORE_SCHEMA = 1;

export interface PasscodeHash {
  algorithm: 'scrypt';
  salt: string;
  hash: string;
  N: number;
  r: number;
  p: number;
}

export interface AuthData {
  schema: 1;
  passcode?: PasscodeHash;
}

export interface Store {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Every audit, newest first. */
  list(): AuditRecord[];
  get(id: string): AuditRecord | undefined;
  /** Stores a new or changed record (the object given becomes the stored one). */
  put(rec: AuditRecord): Promise<void>;
  remove(id: string): Promise<boolean>;
  auth(): AuthData;
  setAuth(a: AuthData): Promise<void>;
  /** Deletes every audit and the passcode. */
  wipe(): Promise<void>;
  /** Files that could not be read at start (moved aside). */
  readonly problems: string[];
}

export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

export function createStore(opts: { dir: string; log?: (m: string) => void }): Store {
  const auditsDir = join(opts.dir, 'audits');
  const audits = new Map<string, Low<AuditRecord>>();
  let auth: Low<AuthData> | undefined;
  const problems: string[] = [];
  const log = opts.log ?? (() => undefined);

  async function moveAside(path: string, reason: string) {
    const to = `${path}.corrupt-${Date.now()}`;
    await rename(path, to).catch(() => undefined);
    problems.push(`${path}: ${reason} (moved to ${to})`);
    log(`store: ${path}: ${reason}; moved aside`);
  }

  return {
    problems,
    async start() {
      await mkdir(auditsDir, { recursive: true, mode: 0o700 });
      const meta = new Low<{ schema: number; createdAt: string }>(new AtomicJsonFile(join(opts.dir, 'store.json')), { schema: STORE_SCHEMA, createdAt: new Date().toISOString() });
      await meta.read();
      if (meta.data.schema > STORE_SCHEMA) throw new StoreError(`${opts.dir}: made by a newer HomeSweep (store schema ${meta.data.schema}); update HomeSweep to open it`);
      await meta.write();
      auth = new Low<AuthData>(new AtomicJsonFile(join(opts.dir, 'auth.json')), { schema: 1 });
      try {
        await auth.read();
      } catch (err) {
        await moveAside(join(opts.dir, 'auth.json'), (err as Error).message);
        auth.data = { schema: 1 };
      }
      for (const name of await readdir(auditsDir)) {
        if (!name.endsWith('.json') || name.startsWith('.')) {
          // Left-over temporary files from a write that was cut short: the real file is intact.
          if (name.endsWith('.tmp')) await rm(join(auditsDir, name), { force: true });
          continue;
        }
        const path = join(auditsDir, name);
        const db = new Low<AuditRecord>(new AtomicJsonFile(path), null as unknown as AuditRecord);
        try {
          await db.read();
        } catch (err) {
          await moveAside(path, `not valid JSON (${(err as Error).message})`);
          continue;
        }
        const rec = db.data;
        if (!rec || rec.schema !== RECORD_SCHEMA || typeof rec.meta?.id !== 'string' || !Array.isArray(rec.devices)) {
          await moveAside(path, 'not a HomeSweep audit of this version');
          continue;
        }
        // An audit that was running when the gateway stopped is over: say so rather than show it as live.
        if (rec.status === 'running' || rec.status === 'stopping') {
          rec.status = 'done';
          rec.progress.status = 'done';
          rec.meta.endedAt ??= rec.progress.updatedAt;
          await db.write();
        }
        audits.set(rec.meta.id, db);
      }
    },
    async stop() {
      // Writes are awaited by their callers; nothing is buffered here.
    },
    list() {
      return [...audits.values()].map((d) => d.data).sort((a, b) => b.meta.startedAt.localeCompare(a.meta.startedAt));
    },
    get(id) {
      return audits.get(id)?.data;
    },
    async put(rec) {
      if (!AUDIT_ID.test(rec.meta.id)) throw new StoreError(`audit id "${rec.meta.id}" is not a plain id`);
      let db = audits.get(rec.meta.id);
      if (!db) {
        db = new Low<AuditRecord>(new AtomicJsonFile(join(auditsDir, `${rec.meta.id}.json`)), rec);
        audits.set(rec.meta.id, db);
      }
      db.data = rec;
      await db.write();
    },
    async remove(id) {
      if (!audits.has(id)) return false;
      audits.delete(id);
      await rm(join(auditsDir, `${id}.json`), { force: true });
      return true;
    },
    auth() {
      return auth?.data ?? { schema: 1 };
    },
    async setAuth(a) {
      if (!auth) throw new StoreError('store not started');
      auth.data = a;
      await auth.write();
    },
    async wipe() {
      audits.clear();
      for (const name of await readdir(opts.dir)) await rm(join(opts.dir, name), { recursive: true, force: true });
      await mkdir(auditsDir, { recursive: true, mode: 0o700 });
      if (auth) {
        auth.data = { schema: 1 };
        await auth.write();
      }
      problems.length = 0;
    },
  };
}
