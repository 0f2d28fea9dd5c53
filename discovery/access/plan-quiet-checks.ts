/**
 * Which quiet check fits which device, decided only from what was already observed (profile, DHCP host name,
 * mDNS services). No port is probed to find out: a device gets a check only when it told us what it is.
 */
import type { Device, DhcpData, MdnsData, Observation } from '../../gateway/contract.ts';
import { isCheckableTarget } from './outside.ts';
import type { KasaCloudModule } from './kasa-local.ts';

/** One planned check. */
export type QuietCheckPlan =
  | { check: 'kasa'; deviceId: string; ip: string; module: KasaCloudModule; why: string }
  | { check: 'shelly-gen1' | 'shelly-gen2' | 'shelly'; deviceId: string; ip: string; port: number; why: string }
  | { check: 'tasmota'; deviceId: string; ip: string; port: number; why: string };

// Kasa DHCP host names: HS/KP/EP/KL/LB model numbers (python-kasa fixtures) or "kasa…".
const KASA_HOST = /^(hs\d{3}|kp\d{3}|ep\d{2}|kl\d{2,3}|lb\d{3}|kasa)/i;
const KASA_BULB_HOST = /^(kl\d|lb\d)/i;
const TASMOTA_HOST = /^tasmota[-_]/i;
const SHELLY_NAME = /^shelly/i;

/** True when the observation came from this device (same IP or MAC). */
function belongsTo(o: Observation, d: Device): boolean {
  if (o.ip && d.ips.includes(o.ip)) return true;
  return o.mac !== undefined && o.mac === d.mac;
}

function dhcpNames(d: Device, obs: Observation[]): string[] {
  const names = [...d.hostnames];
  for (const o of obs) {
    if (o.source !== 'dhcp' || !belongsTo(o, d)) continue;
    const h = (o.data as DhcpData).hostname;
    if (typeof h === 'string') names.push(h);
  }
  return names;
}

function mdnsOf(d: Device, obs: Observation[]): MdnsData[] {
  return obs.filter((o) => o.source === 'mdns' && belongsTo(o, d)).map((o) => o.data as MdnsData);
}

function label(s: unknown): string {
  return typeof s === 'string' ? s.split('.')[0] ?? '' : '';
}

function httpPort(m: MdnsData | undefined): number {
  const p = m?.port;
  return typeof p === 'number' && Number.isInteger(p) && p > 0 && p <= 65535 ? p : 80;
}

/** Plans at most one check per device. Pure. */
export function planQuietChecks(devices: Device[], observations: Observation[]): QuietCheckPlan[] {
  const plans: QuietCheckPlan[] = [];
  for (const d of devices) {
    const ip = d.ips.find(isCheckableTarget);
    if (!ip) continue;
    const profile = d.profile?.id ?? '';
    const names = dhcpNames(d, observations);
    const mdns = mdnsOf(d, observations);

    const kasaName = names.find((n) => KASA_HOST.test(n));
    if (/^(tp-link|tplink)\.kasa/.test(profile) || kasaName) {
      const bulb = profile.includes('bulb') || (kasaName !== undefined && KASA_BULB_HOST.test(kasaName));
      plans.push({ check: 'kasa', deviceId: d.id, ip, module: bulb ? 'smartlife.iot.common.cloud' : 'cnCloud', why: profile ? `profile ${profile}` : `host name ${kasaName}` });
      continue;
    }

    const shellySvc = mdns.find((m) => m.type === '_shelly._tcp');
    const shellyHttp = mdns.find((m) => m.type === '_http._tcp' && (SHELLY_NAME.test(label(m.instance)) || SHELLY_NAME.test(label(m.host))));
    if (shellySvc) {
      // Gen2+ announce _shelly._tcp with TXT gen=2/3/4; Gen1 only _http._tcp.
      const gen = Number(shellySvc.txt?.gen ?? '2');
      plans.push({ check: gen >= 2 || !Number.isFinite(gen) ? 'shelly-gen2' : 'shelly-gen1', deviceId: d.id, ip, port: httpPort(mdns.find((m) => m.type === '_http._tcp') ?? shellySvc), why: 'mDNS _shelly._tcp' });
      continue;
    }
    if (shellyHttp) {
      plans.push({ check: 'shelly-gen1', deviceId: d.id, ip, port: httpPort(shellyHttp), why: 'mDNS _http._tcp with a Shelly name' });
      continue;
    }
    if (profile.startsWith('shelly.')) {
      plans.push({ check: 'shelly', deviceId: d.id, ip, port: 80, why: `profile ${profile}` });
      continue;
    }

    const tasmotaName = names.find((n) => TASMOTA_HOST.test(n)) ?? mdns.map((m) => label(m.host)).find((h) => TASMOTA_HOST.test(h));
    if (profile.startsWith('tasmota.') || tasmotaName) {
      plans.push({ check: 'tasmota', deviceId: d.id, ip, port: httpPort(mdns.find((m) => m.type === '_http._tcp')), why: profile ? `profile ${profile}` : `host name ${tasmotaName}` });
    }
  }
  return plans;
}
