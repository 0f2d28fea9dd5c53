/**
 * The FRITZ!Box web login, after AVM's public technical note "Session-IDs im FRITZ!Box" (2021): `login_sid.lua
 * ?version=2` gives a challenge; PBKDF2 (`2$iter1$salt1$iter2$salt2`, FRITZ!OS 7.24 and later) or, on older boxes,
 * MD5 over the UTF-16LE text "challenge-password" answers it; a session id of sixteen zeros means refused. Pure.
 */
import { createHash, pbkdf2Sync } from 'node:crypto';

/** The fields of a `<SessionInfo>` document that the login needs. */
export interface SessionInfo {
  sid: string;
  challenge: string;
  blockTime: number;
  /** The user the box marks as the last one to log in (`<User last="1">`), else the first listed. */
  lastUser?: string;
}

export const NO_SESSION = '0000000000000000';

/** Reads a `<SessionInfo>` XML answer; undefined when it is not one. */
export function parseSessionInfo(xml: string): SessionInfo | undefined {
  const tag = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1]?.trim();
  const sid = tag('SID');
  const challenge = tag('Challenge');
  if (!/<SessionInfo>/.test(xml) || sid === undefined || challenge === undefined) return undefined;
  const users = [...xml.matchAll(/<User( last="1")?>([^<]+)<\/User>/g)];
  const lastUser = (users.find((u) => u[1]) ?? users[0])?.[2];
  return { sid, challenge, blockTime: Number(tag('BlockTime') ?? '0') || 0, ...(lastUser ? { lastUser } : {}) };
}

/** The response to a PBKDF2 challenge: `salt2$hex(pbkdf2(pbkdf2(password, salt1, iter1), salt2, iter2))`. */
export function pbkdf2Response(challenge: string, password: string): string {
  const [, iter1, salt1, iter2, salt2] = challenge.split('$');
  const hash1 = pbkdf2Sync(Buffer.from(password, 'utf8'), Buffer.from(salt1!, 'hex'), Number(iter1), 32, 'sha256');
  const hash2 = pbkdf2Sync(hash1, Buffer.from(salt2!, 'hex'), Number(iter2), 32, 'sha256');
  return `${salt2}$${hash2.toString('hex')}`;
}

/** The legacy response: `challenge-md5(utf16le("challenge-password"))`, characters above U+00FF sent as ".". */
export function md5Response(challenge: string, password: string): string {
  const text = `${challenge}-${password}`.replace(/[^\u0000-\u00ff]/g, '.');
  return `${challenge}-${createHash('md5').update(Buffer.from(text, 'utf16le')).digest('hex')}`;
}

/** Answers whichever kind of challenge the box gave. */
export function loginResponse(challenge: string, password: string): string {
  return challenge.startsWith('2$') ? pbkdf2Response(challenge, password) : md5Response(challenge, password);
}
