/**
 * The gateway's HTTP API (gateway/http/README.md) as typed functions. Cookies stay same-origin, every state
 * change carries the CSRF token, and a JSON `{error}` answer becomes an ApiError with that sentence.
 */
import type {
  AccessEntry,
  AuditProgress,
  AuditSummary,
  AuditView,
  ChecklistItem,
  ChecklistStatus,
  Comment,
  Device,
  Finding,
  HealthInfo,
  SessionInfo,
} from '../../gateway/contract.ts';

/** One interface the gateway could listen on. */
export interface NetworkInterface {
  name: string;
  addresses: string[];
}

/** One device's reaction to a motion mark. */
export interface MotionDevice {
  device: string;
  name: string;
  before: number;
  after: number;
  ratio: number;
}

/** GET /api/audits/:id/motion */
export interface MotionResults {
  marks: { at: string; devices: MotionDevice[] }[];
}

/** Fields of a checklist answer that can change. */
export interface ChecklistPatch {
  status?: ChecklistStatus;
  answer?: string;
  note?: string;
}

/** POST /api/audits/import: the copy opened read-only for review, or a helper's comments merged back. */
export interface ImportResult {
  kind: 'review' | 'merged';
  audit: AuditSummary;
  added?: number;
}

/** GET /api/diff (gateway/audit/diff.ts; not in contract.ts, so restated here as the UI reads it). */
export interface AuditDiff {
  newDevices: Device[];
  goneDevices: Device[];
  newFindings: Finding[];
  resolvedFindings: Finding[];
  changed: { device: Device; before: Device; changes: string[] }[];
}

/** GET /api/account-checks: what one owner-started account check does, in the asked language. */
export interface AccountCheckCard {
  id: string;
  name: string;
  mode: 'login' | 'link-button' | 'guidance';
  notice: 'N0' | 'N1' | 'N2' | 'N3';
  avoidedNotice?: 'N0' | 'N1' | 'N2' | 'N3';
  credential: { kind: 'token' | 'password' | 'link-button' | 'none'; ask: string };
  reads: string[];
  trace: string;
  whoCanSee: string;
  onFailure?: string;
  wrongCredential?: string;
  leavesBehind?: string;
  steps?: string[];
}

/**
 * POST /api/audits/:id/account-checks/:checkId: what the check found (kept on the device), `error` in plain
 * words, and `removeLater` when the check left something behind (a Hue app) with how to remove it.
 */
export interface AccountCheckResult {
  entries?: AccessEntry[];
  error?: string;
  findings?: string[];
  removeLater?: string;
}

/** The credential a check takes: a token, a user name and password, or nothing (link button, guidance). */
export type AccountCredential = string | { username: string; password: string };

/** POST /api/audits/:id/mqtt (gateway/service/mqtt.ts): the run's summary, counts and problems. */
export interface MqttResult {
  summary?: {
    url: string;
    connected: boolean;
    anonymous: boolean | null;
    tls: boolean;
    bridges?: { name: string; connected: boolean }[];
    counts?: { messages: number; topics: number; devices: number; entities: number; findings: number };
  };
  devices?: number;
  findings?: number;
  errors?: string[];
}

/** Listening time the MQTT route accepts, in seconds. */
export const MQTT_SECONDS = { min: 5, max: 120, default: 20 } as const;

/** A file the gateway sent as a download. */
export interface Download {
  blob: Blob;
  name: string;
}

/** A failed API call: HTTP status, the server's sentence, and the wait it asked for (429 / failed passcode). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterMs?: number,
    /** The machine-readable reason some routes add (e.g. import: `wrong-passphrase`). */
    readonly code?: string,
    /** A router host key to confirm (code `host-key-unknown` / `host-key-changed`). */
    readonly fingerprint?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrf: string | undefined;

/** Remembers the CSRF token from a SessionInfo (setup, login, session). */
function keepSession(info: SessionInfo): SessionInfo {
  csrf = info.csrf;
  return info;
}

async function send(method: string, path: string, body?: unknown, raw?: Blob, extra: Record<string, string> = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...extra };
  if (method !== 'GET' && csrf) headers['X-HomeSweep-CSRF'] = csrf;
  let payload: BodyInit | undefined;
  if (raw) {
    headers['Content-Type'] = 'application/octet-stream';
    payload = raw;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(0, '');
  }
  if (!res.ok) await fail(res);
  return res;
}

/** Turns a refused answer into an ApiError with the server's sentence, wait and code. */
async function fail(res: Response): Promise<never> {
  let json: unknown;
  try {
    json = JSON.parse(await res.text());
  } catch {
    json = undefined;
  }
  const o = (json ?? {}) as { error?: unknown; retryAfterMs?: unknown; code?: unknown; fingerprint?: unknown };
  const header = Number(res.headers.get('Retry-After'));
  const retry = typeof o.retryAfterMs === 'number' ? o.retryAfterMs : header > 0 ? header * 1000 : undefined;
  throw new ApiError(res.status, typeof o.error === 'string' ? o.error : '', retry, typeof o.code === 'string' ? o.code : undefined, typeof o.fingerprint === 'string' ? o.fingerprint : undefined);
}

async function request<T>(method: string, path: string, body?: unknown, raw?: Blob, extra?: Record<string, string>): Promise<T> {
  const res = await send(method, path, body, raw, extra);
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return json as T;
}

const enc = encodeURIComponent;

/** GET /api/session */
export async function getSession(): Promise<SessionInfo> {
  return keepSession(await request<SessionInfo>('GET', '/api/session'));
}

/** POST /api/setup (first run). */
export async function setupPasscode(passcode: string): Promise<SessionInfo> {
  return keepSession(await request<SessionInfo>('POST', '/api/setup', { passcode }));
}

/** POST /api/login */
export async function login(passcode: string): Promise<SessionInfo> {
  return keepSession(await request<SessionInfo>('POST', '/api/login', { passcode }));
}

/** POST /api/logout */
export async function logout(): Promise<void> {
  await request('POST', '/api/logout', {});
  csrf = undefined;
}

/**
 * Ends the session without waiting: used by the quick exit, which leaves the page at once. `keepalive` lets
 * the request finish after the page is gone.
 */
export function logoutAndForget(): void {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (csrf) headers['X-HomeSweep-CSRF'] = csrf;
  csrf = undefined;
  fetch('/api/logout', { method: 'POST', headers, body: '{}', credentials: 'same-origin', keepalive: true }).catch(
    () => undefined, // The page is leaving; nobody is left to tell.
  );
}

/** GET /api/health */
export function getHealth(): Promise<HealthInfo> {
  return request('GET', '/api/health');
}

/** POST /api/indicators/update: the gateway fetches the stalkerware lists (the owner asked) and loads them. */
export function updateIndicatorLists(): Promise<{ loaded: number }> {
  return request('POST', '/api/indicators/update', {});
}

/** GET /api/interfaces */
export function getInterfaces(): Promise<NetworkInterface[]> {
  return request('GET', '/api/interfaces');
}

/** GET /api/audits (newest first). */
export function listAudits(): Promise<AuditSummary[]> {
  return request('GET', '/api/audits');
}

/** POST /api/audits: the demo home, or listening on an interface. */
/** A router to capture on, as the page's traffic step sends it (the password is used once, never kept). */
export interface CaptureFrom {
  url: string;
  sshKey?: string;
  remoteInterface?: string;
  acceptHostKey?: string;
  password?: string;
}

export function createAudit(body: { kind: 'demo' } | { kind: 'live'; interface?: string; captureFrom?: CaptureFrom; minutes?: number }): Promise<AuditSummary> {
  return request('POST', '/api/audits', body);
}

/** POST /api/audits/capture: a pcap / pcapng file, sent as raw bytes. */
export function uploadCapture(file: File): Promise<AuditSummary> {
  return request('POST', `/api/audits/capture?name=${enc(file.name)}`, undefined, file);
}

/** GET /api/audits/:id with texts in `lang`. */
export function getAudit(id: string, lang: string): Promise<AuditView> {
  return request('GET', `/api/audits/${enc(id)}?lang=${enc(lang)}`);
}

/** POST /api/audits/:id/stop */
export function stopAudit(id: string): Promise<AuditSummary> {
  return request('POST', `/api/audits/${enc(id)}/stop`, {});
}

/** DELETE /api/audits/:id */
export function deleteAudit(id: string): Promise<{ ok: true }> {
  return request('DELETE', `/api/audits/${enc(id)}`);
}

/** PATCH /api/audits/:id/checklist/:itemId */
export function patchChecklistItem(id: string, itemId: string, patch: ChecklistPatch): Promise<ChecklistItem> {
  return request('PATCH', `/api/audits/${enc(id)}/checklist/${enc(itemId)}`, patch);
}

/** POST /api/audits/:id/motion/mark */
export function markMotion(id: string): Promise<{ at: string }> {
  return request('POST', `/api/audits/${enc(id)}/motion/mark`, {});
}

/** GET /api/audits/:id/motion */
export function getMotion(id: string): Promise<MotionResults> {
  return request('GET', `/api/audits/${enc(id)}/motion`);
}

/** POST /api/wipe: deletes every audit, the passcode and the session. */
export async function wipeEverything(): Promise<void> {
  await request('POST', '/api/wipe', { confirm: 'wipe everything' });
  csrf = undefined;
}

/** POST /api/audits/:id/export: the audit document as a file (age armored when a passphrase is given). */
export async function exportAudit(id: string, body: { redact: 'helper' | 'none'; passphrase?: string }): Promise<Download> {
  const res = await send('POST', `/api/audits/${enc(id)}/export`, body);
  const disposition = res.headers.get('Content-Disposition') ?? '';
  // Only a plain file name is kept from the header; anything else gets a neutral name.
  const m = /filename="([\w.-]{1,100})"/.exec(disposition);
  return { blob: await res.blob(), name: m?.[1] ?? 'audit.json' };
}

/** Base64 of the UTF-8 bytes of `text` (the passphrase header carries any language's letters). */
export function base64Utf8(text: string): string {
  let bin = '';
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** POST /api/audits/import: a shared audit file (JSON or age), with its passphrase when it has one. */
export function importAudit(file: Blob, passphrase?: string): Promise<ImportResult> {
  const extra: Record<string, string> = passphrase ? { 'X-HomeSweep-Passphrase': base64Utf8(passphrase) } : {};
  return request('POST', '/api/audits/import', undefined, file, extra);
}

/** POST /api/audits/:id/comments */
export function addComment(id: string, body: { target: Comment['target']; text: string; author?: string }): Promise<Comment> {
  return request('POST', `/api/audits/${enc(id)}/comments`, body);
}

/** The address of the self-contained report (opened as a page, not fetched). */
export function reportUrl(id: string, lang: string): string {
  return `/api/audits/${enc(id)}/report?lang=${enc(lang)}`;
}

/** GET /api/diff: what changed from audit `a` (earlier) to audit `b`, its words in `lang`. */
export function getDiff(a: string, b: string, lang: string): Promise<AuditDiff> {
  return request('GET', `/api/diff?a=${enc(a)}&b=${enc(b)}&lang=${enc(lang)}`);
}

/** GET /api/account-checks */
export async function listAccountChecks(lang: string): Promise<AccountCheckCard[]> {
  const out = await request<AccountCheckCard[] | { checks?: AccountCheckCard[] }>('GET', `/api/account-checks?lang=${enc(lang)}`);
  // The route is new: accept a bare list or one wrapped as {checks}.
  return Array.isArray(out) ? out : (out?.checks ?? []);
}

/** POST /api/audits/:id/account-checks/:checkId (the credential is used once by the gateway); the answer in `lang`. */
export function runAccountCheck(
  id: string,
  checkId: string,
  body: { target: { baseUrl: string; deviceId?: string }; credential?: AccountCredential; confirm: true },
  lang: string,
): Promise<AccountCheckResult> {
  return request('POST', `/api/audits/${enc(id)}/account-checks/${enc(checkId)}?lang=${enc(lang)}`, body);
}

/** POST /api/audits/:id/mqtt: a read-only look at a smart-home message hub. */
export function runMqttCheck(id: string, body: { url: string; username?: string; password?: string; seconds?: number }): Promise<MqttResult> {
  return request('POST', `/api/audits/${enc(id)}/mqtt`, body);
}

/**
 * Follows GET /api/audits/:id/events (server-sent `progress` events). Returns the function that stops
 * listening. `onError` is told once when the stream breaks; the browser retries on its own meanwhile.
 */
export function followProgress(id: string, onProgress: (p: AuditProgress) => void, onError: () => void): () => void {
  const source = new EventSource(`/api/audits/${enc(id)}/events`, { withCredentials: false });
  source.addEventListener('progress', (ev) => {
    try {
      onProgress(JSON.parse((ev as MessageEvent<string>).data) as AuditProgress);
    } catch {
      onError(); // A malformed event: show the stream as broken rather than wrong numbers.
    }
  });
  source.onerror = () => onError();
  return () => source.close();
}
