/**
 * Keeps the owner's credential on the home network: a check runs only against an http(s) URL whose host is an IP
 * literal in a home range (ip-scope.ts). Names are refused because a name can resolve anywhere.
 */
import { failure, type Failure } from './check-types.ts';
import { isHomeAddress, stripBrackets } from './ip-scope.ts';

/** The parsed target URL, or the reason it is refused (plain words). */
export function checkTargetUrl(text: string): { url: URL } | Failure {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return failure('target-not-url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return failure('target-scheme');
  if (url.username !== '' || url.password !== '') return failure('target-userinfo');
  if (!isHomeAddress(stripBrackets(url.hostname))) {
    return failure('target-not-home');
  }
  return { url };
}

/** Origin of a checked URL without a trailing slash, e.g. `http://192.168.1.5:8123`. */
export function originOf(url: URL): string {
  return `${url.protocol}//${url.host}`;
}
