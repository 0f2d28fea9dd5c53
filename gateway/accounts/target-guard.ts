/**
 * Keeps the owner's credential on the home network: a check runs only against an http(s) URL whose host is an IP
 * literal in a home range (ip-scope.ts). Names are refused because a name can resolve anywhere.
 */
import { isHomeAddress, stripBrackets } from './ip-scope.ts';

/** The parsed target URL, or the reason it is refused (plain words). */
export function checkTargetUrl(text: string): { url: URL } | { error: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { error: 'The device address is not a web address like http://192.168.1.5.' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: 'The device address must start with http:// or https://.' };
  if (url.username !== '' || url.password !== '') return { error: 'Put the password in its own field, not in the address.' };
  if (!isHomeAddress(stripBrackets(url.hostname))) {
    return { error: 'The device address must be a number address on the home network (like 192.168.1.5), so the password never leaves the home.' };
  }
  return { url };
}

/** Origin of a checked URL without a trailing slash, e.g. `http://192.168.1.5:8123`. */
export function originOf(url: URL): string {
  return `${url.protocol}//${url.host}`;
}
