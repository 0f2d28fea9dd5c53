/**
 * One place that names every account check's runner, for the HTTP routes: the route looks the check up here,
 * shows the catalogue card first, and calls the runner only after the owner confirmed.
 */
import type { AccountTarget, CheckOptions, CheckResult } from './check-types.ts';
import { runFritzboxCheck, type FritzCredential } from './fritzbox-tr064.ts';
import { runGuidanceCheck } from './guidance.ts';
import { runHomeAssistantCheck } from './home-assistant.ts';
import { runHueCheck, type HueCredential, type HueTarget } from './hue-bridge.ts';
import { runOpenWrtCheck, type OpenWrtCredential } from './openwrt-ubus.ts';

/** The credential each check takes (what the confirm form asks for). */
export interface AccountCredentials {
  'home-assistant': string;
  'hue-bridge': HueCredential;
  'openwrt-ubus': OpenWrtCredential;
  'fritzbox-tr064': FritzCredential;
}

/** Runs check `id` once. Guidance checks ignore target and credential and send nothing. */
export function runAccountCheck<K extends keyof AccountCredentials>(id: K, target: AccountTarget & HueTarget, credential: AccountCredentials[K], opts?: CheckOptions): Promise<CheckResult>;
export function runAccountCheck(id: 'asus-router' | 'tp-link-router', target?: unknown, credential?: unknown, opts?: CheckOptions & { lang?: string }): Promise<CheckResult>;
export async function runAccountCheck(id: string, target: unknown, credential: unknown, opts: CheckOptions & { lang?: string } = {}): Promise<CheckResult> {
  switch (id) {
    case 'home-assistant': return runHomeAssistantCheck(target as AccountTarget, credential as string, opts);
    case 'hue-bridge': return runHueCheck(target as HueTarget, credential as HueCredential, opts);
    case 'openwrt-ubus': return runOpenWrtCheck(target as AccountTarget, credential as OpenWrtCredential, opts);
    case 'fritzbox-tr064': return runFritzboxCheck(target as AccountTarget, credential as FritzCredential, opts);
    default: return runGuidanceCheck(id, opts.lang);
  }
}
