/**
 * FRITZ!Box account check over TR-064 (ACCOUNTS.md §3a): the description `tr64desc.xml` (no login), then SOAP
 * actions with HTTP Digest authentication — one challenge, one HA1 from the password, the nonce reused with a
 * growing count. A refused login ends the check at once: the box logs every login and failed login in its event
 * list (N1). Reads only: RemoteAccess GetInfo/GetDDNSInfo, MyFritz GetInfo/services, port mappings, DeviceInfo
 * GetDeviceLog.
 */
import type { AccessEntry } from '../contract.ts';
import type { EntryContext } from './access-entry.ts';
import { accountCheck, knowledgeList, knowledgeNumber } from './catalog.ts';
import { errorWord, failure, failureOf, type AccountTarget, type CheckOptions, type CheckResult, type Failure, type ResolvedOptions } from './check-types.ts';
import { digestAuthorization, digestHa1, parseDigestChallenge, type DigestChallenge } from './digest-auth.ts';
import {
  mapFritzDdns, mapFritzLoginLines, mapFritzMyFritz, mapFritzMyFritzService, mapFritzPortMapping, mapFritzRemoteAccess,
} from './fritzbox-map.ts';
import { httpCall, resolveOptions } from './http-call.ts';
import { checkTargetUrl, originOf } from './target-guard.ts';
import { parseSoapAnswer, parseTr64Services, soapEnvelope, type Tr64Service } from './tr064-soap.ts';

const CHECK_ID = 'fritzbox-tr064';
const NS = 'urn:dslforum-org:service:';
// UPnP error 713 SpecifiedArrayIndexInvalid: past the last port mapping.
const INDEX_INVALID = 713;

/** The FRITZ!Box user the owner typed (a user name is required since FRITZ!OS 7.25). */
export interface FritzCredential {
  username: string;
  password: string;
}

class Stop extends Error {
  constructor(readonly failure: Failure) {
    super(failure.error);
  }
}

/** One digest-authenticated SOAP session; the password is reduced to HA1 on the first challenge. */
class Tr64Session {
  private challenge?: DigestChallenge;
  private ha1?: string;
  private count = 0;
  constructor(
    private readonly o: ResolvedOptions,
    private readonly base: string,
    private readonly username: string,
    private password: string | undefined,
  ) {}

  async call(svc: Tr64Service, action: string, args: Record<string, string | number> = {}): Promise<Record<string, string> | number> {
    const init = (auth?: string): RequestInit => ({
      method: 'POST',
      headers: {
        'content-type': 'text/xml; charset="utf-8"',
        soapaction: `${svc.serviceType}#${action}`,
        ...(auth ? { authorization: auth } : {}),
      },
      body: soapEnvelope(svc.serviceType, action, args),
    });
    const what = errorWord('what-soap-answer', { action });
    if (!this.challenge) {
      const first = await httpCall(this.o, this.base + svc.controlURL, init(), what);
      if (!first.ok) throw new Stop(failureOf(first));
      const c = parseDigestChallenge(first.headers.get('www-authenticate'));
      if (first.status !== 401 || !c) throw new Stop(failure('fritz-no-login-asked'));
      this.challenge = c;
      this.ha1 = digestHa1(this.username, c.realm, this.password ?? '');
      this.password = undefined;
    }
    const auth = digestAuthorization(this.username, this.ha1!, 'POST', svc.controlURL, this.challenge, ++this.count);
    const r = await httpCall(this.o, this.base + svc.controlURL, init(auth), what);
    if (!r.ok) throw new Stop(failureOf(r));
    if (r.status === 401) {
      throw new Stop(failure(this.count === 1 ? 'fritz-refused' : 'fritz-session-ended'));
    }
    const ans = parseSoapAnswer(r.text, action);
    if (!ans) throw new Stop(failure('fritz-not-understood', { action }));
    return 'fault' in ans ? ans.fault : ans.out;
  }
}

/**
 * Runs the FRITZ!Box check. Facts: `services` (TR-064 service types offered), `unavailable` (action → UPnP error
 * or "not offered"), `portMappings`, `myFritzServices`, `logins` (login lines in the event log).
 */
export async function runFritzboxCheck(target: AccountTarget, credential: FritzCredential, opts: CheckOptions = {}): Promise<CheckResult> {
  const o = resolveOptions(opts);
  const entries: AccessEntry[] = [];
  const facts: Record<string, unknown> = { unavailable: {} };
  const t = checkTargetUrl(target.baseUrl);
  if ('error' in t) return { entries, facts, ...failureOf(t) };
  if (!credential || typeof credential.username !== 'string' || !/^[^\s"\\]{1,64}$/.test(credential.username) || typeof credential.password !== 'string' || credential.password === '') {
    return { entries, facts, ...failure('fritz-credential-missing') };
  }
  const check = accountCheck(CHECK_ID);
  const ctx: EntryContext = { source: CHECK_ID, notice: check.notice, device: target.deviceId ?? t.url.hostname, at: o.now().toISOString() };
  const base = originOf(t.url);
  const max = knowledgeNumber(check, 'maxRecords', 128);

  const desc = await httpCall(o, `${base}/tr64desc.xml`, { method: 'GET' }, errorWord('what-tr064-description'));
  if (!desc.ok) return { entries, facts, ...failureOf(desc) };
  const services = desc.status === 200 ? parseTr64Services(desc.text) : [];
  if (services.length === 0) return { entries, facts, ...failure('fritz-no-tr064') };
  facts.services = services.map((s) => s.serviceType.replace(NS, ''));
  const find = (name: string): Tr64Service | undefined => services.find((s) => s.serviceType === `${NS}${name}`);
  const unavailable = facts.unavailable as Record<string, string | number>;
  const session = new Tr64Session(o, base, credential.username, credential.password);

  const read = async (svcName: string, action: string, args?: Record<string, string | number>): Promise<Record<string, string> | null> => {
    const svc = find(svcName);
    if (!svc) {
      unavailable[`${svcName} ${action}`] = 'not offered';
      return null;
    }
    const r = await session.call(svc, action, args);
    if (typeof r === 'number') {
      unavailable[`${svcName} ${action}`] = r;
      return null;
    }
    return r;
  };

  try {
    const remote = await read('X_AVM-DE_RemoteAccess:1', 'GetInfo');
    if (remote) entries.push(...mapFritzRemoteAccess(remote, ctx));
    const ddns = await read('X_AVM-DE_RemoteAccess:1', 'GetDDNSInfo');
    if (ddns) entries.push(...mapFritzDdns(ddns, ctx));
    const myfritz = await read('X_AVM-DE_MyFritz:1', 'GetInfo');
    if (myfritz) entries.push(...mapFritzMyFritz(myfritz, ctx));
    const nServices = await read('X_AVM-DE_MyFritz:1', 'GetNumberOfServices');
    const shareCount = Math.min(Number(nServices?.NewNumberOfServices ?? 0) || 0, max);
    facts.myFritzServices = shareCount;
    for (let i = 0; i < shareCount; i++) {
      const s = await read('X_AVM-DE_MyFritz:1', 'GetServiceByIndex', { NewIndex: i });
      if (s) entries.push(...mapFritzMyFritzService(s, i, ctx));
    }
    let mappings = 0;
    for (const wan of ['WANIPConnection:1', 'WANPPPConnection:1']) {
      if (!find(wan)) continue;
      const n = await read(wan, 'GetPortMappingNumberOfEntries');
      const count = Math.min(Number(n?.NewPortMappingNumberOfEntries ?? max) || 0, max);
      for (let i = 0; i < count; i++) {
        const svc = find(wan)!;
        const e = await session.call(svc, 'GetGenericPortMappingEntry', { NewPortMappingIndex: i });
        if (e === INDEX_INVALID) break;
        if (typeof e === 'number') {
          unavailable[`${wan} GetGenericPortMappingEntry`] = e;
          break;
        }
        mappings++;
        entries.push(...mapFritzPortMapping(e, `${wan.startsWith('WANPPP') ? 'ppp' : 'ip'}-${i}`, ctx));
      }
    }
    facts.portMappings = mappings;
    const log = await read('DeviceInfo:1', 'GetDeviceLog');
    if (log) {
      const found = mapFritzLoginLines(log.NewDeviceLog ?? '', knowledgeList(check, 'loginLinePatterns'), ctx, max);
      facts.logins = found.logins;
      entries.push(...found.entries);
    }
  } catch (err) {
    if (err instanceof Stop) return { entries, facts, ...err.failure };
    throw err;
  }
  return { entries, facts };
}
