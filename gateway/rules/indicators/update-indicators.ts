/**
 * Replaces a local copy of the Echap indicator files with the current ones, all or nothing: every file is
 * downloaded and validated with its parser first; only then each is written to a temporary file in the same
 * folder, flushed to disk, and renamed over the old one (rename is atomic within a file system, so a reader sees
 * the old file or the new one, never half of one). Any failure leaves the previous copy as it was.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseIndicatorText } from './parse-indicator-text.ts';
import { IndicatorFileError, type IndicatorLoadResult } from './types.ts';

/** Where Echap publishes the files (the `master` branch holds the generated ones). */
export { DEFAULT_INDICATORS_DIR } from './types.ts';

export const DEFAULT_INDICATORS_SOURCE = 'https://raw.githubusercontent.com/AssoEchap/stalkerware-indicators/master/';

/** Files fetched, as path under the source → name in the local folder. */
export const INDICATOR_FILES: readonly { remote: string; local: string }[] = [
  { remote: 'ioc.yaml', local: 'ioc.yaml' },
  { remote: 'generated/network.csv', local: 'network.csv' },
];

// The real files are about 100 KB; a response far larger is not them.
const MAX_DOWNLOAD_BYTES = 32 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 60_000;

/** Why an update failed; the previous copy is untouched in every case. */
export class IndicatorUpdateError extends Error {
  readonly code: 'bad-source' | 'download' | 'invalid' | 'write';
  constructor(code: IndicatorUpdateError['code'], message: string) {
    super(message);
    this.name = 'IndicatorUpdateError';
    this.code = code;
  }
}

/** The minimal fetch the update needs (Node's global fetch fits; tests may pass it too). */
export type FetchLike = (url: string, init: { signal: AbortSignal; redirect: 'follow' }) => Promise<Response>;

export interface UpdateOptions {
  dir: string;
  /** Base URL the file paths are resolved against; must be https, or http to a loopback address. */
  source?: string;
  fetch: FetchLike;
  signal?: AbortSignal;
}

export interface UpdatedFile {
  name: string;
  url: string;
  bytes: number;
  result: IndicatorLoadResult;
}

/** Checks the base URL: TLS for anything that leaves the machine, so a network attacker cannot swap the lists. */
export function checkIndicatorSource(source: string): URL {
  let url: URL;
  try {
    url = new URL(source.endsWith('/') ? source : source + '/');
  } catch {
    throw new IndicatorUpdateError('bad-source', `source "${source}" is not a URL`);
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) return url;
  throw new IndicatorUpdateError('bad-source', `source "${source}" must be an https:// URL (plain http is allowed only to this machine)`);
}

async function download(fetchFn: FetchLike, url: string, signal: AbortSignal): Promise<string> {
  let res: Response;
  try {
    res = await fetchFn(url, { signal, redirect: 'follow' });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new IndicatorUpdateError('download', `${url}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new IndicatorUpdateError('download', `${url}: HTTP ${res.status}${res.statusText ? ' ' + res.statusText : ''}`);
  }
  const declared = Number(res.headers.get('content-length') ?? 'NaN');
  if (declared > MAX_DOWNLOAD_BYTES) throw new IndicatorUpdateError('download', `${url}: ${declared} bytes is more than an indicator list can be`);
  try {
    const buf = await res.arrayBuffer();
    if (buf.byteLength > MAX_DOWNLOAD_BYTES) throw new IndicatorUpdateError('download', `${url}: more than ${MAX_DOWNLOAD_BYTES} bytes`);
    // fatal: a list that is not valid UTF-8 is damaged, not something to read around.
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch (err) {
    if (err instanceof IndicatorUpdateError) throw err;
    const cause = (err as { cause?: { code?: string } }).cause;
    throw new IndicatorUpdateError('download', `${url}: the download broke off or is not UTF-8 text (${cause?.code ?? (err as Error).message})`);
  }
}

function writeTemp(dir: string, name: string, text: string): string {
  const tmp = join(dir, `.${name}.tmp-${randomBytes(6).toString('hex')}`);
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    const buf = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return tmp;
}

/** Downloads, validates and atomically installs the indicator files. Throws IndicatorUpdateError. */
export async function updateIndicators(opts: UpdateOptions): Promise<UpdatedFile[]> {
  const base = checkIndicatorSource(opts.source ?? DEFAULT_INDICATORS_SOURCE);
  const signal = opts.signal ? AbortSignal.any([opts.signal, AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS)]) : AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS);
  const files: (UpdatedFile & { text: string })[] = [];
  for (const f of INDICATOR_FILES) {
    const url = new URL(f.remote, base).href;
    const text = await download(opts.fetch, url, signal);
    let result: IndicatorLoadResult;
    try {
      result = parseIndicatorText(text, f.local);
    } catch (err) {
      if (err instanceof IndicatorFileError) throw new IndicatorUpdateError('invalid', `${url}: not a valid indicator file (${err.message})`);
      throw err;
    }
    files.push({ name: f.local, url, bytes: Buffer.byteLength(text), result, text });
  }
  try {
    mkdirSync(opts.dir, { recursive: true });
  } catch (err) {
    throw new IndicatorUpdateError('write', `${opts.dir}: ${(err as Error).message}`);
  }
  // A folder or other non-file in a target's place would make the second rename fail after the first one
  // succeeded; checking first keeps the pair consistent.
  for (const f of files) {
    try {
      if (!statSync(join(opts.dir, f.name)).isFile()) throw new IndicatorUpdateError('write', `${join(opts.dir, f.name)}: exists and is not a file`);
    } catch (err) {
      if (err instanceof IndicatorUpdateError) throw err;
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new IndicatorUpdateError('write', `${join(opts.dir, f.name)}: ${(err as Error).message}`);
    }
  }
  const temps: string[] = [];
  try {
    for (const f of files) temps.push(writeTemp(opts.dir, f.name, f.text));
    files.forEach((f, i) => renameSync(temps[i], join(opts.dir, f.name)));
    temps.length = 0;
    syncDir(opts.dir);
  } catch (err) {
    throw new IndicatorUpdateError('write', `${opts.dir}: ${(err as Error).message}`);
  } finally {
    for (const t of temps) rmSync(t, { force: true });
  }
  return files.map(({ text: _text, ...rest }) => rest);
}

// The renames live in the folder's entries: flush them too, so a power cut after "updated" keeps the new files.
function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
