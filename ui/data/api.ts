/**
 * The gateway's HTTP API (gateway/http/README.md) as typed functions. Cookies stay same-origin, every state
 * change carries the CSRF token, and a JSON `{error}` answer becomes an ApiError with that sentence.
 */
import type {
  AuditProgress,
  AuditSummary,
  AuditView,
  ChecklistItem,
  ChecklistStatus,
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

/** A failed API call: HTTP status, the server's sentence, and the wait it asked for (429 / failed passcode). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterMs?: number,
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

async function request<T>(method: string, path: string, body?: unknown, raw?: Blob): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
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
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const o = (json ?? {}) as { error?: unknown; retryAfterMs?: unknown };
    const header = Number(res.headers.get('Retry-After'));
    const retry = typeof o.retryAfterMs === 'number' ? o.retryAfterMs : header > 0 ? header * 1000 : undefined;
    throw new ApiError(res.status, typeof o.error === 'string' ? o.error : '', retry);
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

/** GET /api/interfaces */
export function getInterfaces(): Promise<NetworkInterface[]> {
  return request('GET', '/api/interfaces');
}

/** GET /api/audits (newest first). */
export function listAudits(): Promise<AuditSummary[]> {
  return request('GET', '/api/audits');
}

/** POST /api/audits: the demo home, or listening on an interface. */
export function createAudit(body: { kind: 'demo' } | { kind: 'live'; interface: string; minutes?: number }): Promise<AuditSummary> {
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
