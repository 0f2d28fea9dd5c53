/**
 * The page's routes. Moving between pages replaces the history entry instead of adding one, so the browser
 * history holds one entry for the whole app and the quick exit (which replaces it) leaves nothing to go back to.
 */

/** A parsed location. */
export type Route =
  | { page: 'start' }
  | { page: 'progress'; audit: string }
  | { page: 'devices'; audit: string }
  | { page: 'device'; audit: string; device: string }
  | { page: 'checklist'; audit: string }
  | { page: 'report'; audit: string }
  | { page: 'audit'; audit: string };

const dec = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Reads a path such as `/audits/a1/devices/d2`; anything unknown is the start page. */
export function parseRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean).map(dec);
  if (parts[0] !== 'audits' || !parts[1]) return { page: 'start' };
  const audit = parts[1];
  switch (parts[2]) {
    case undefined:
      return { page: 'audit', audit };
    case 'progress':
      return { page: 'progress', audit };
    case 'devices':
      return parts[3] ? { page: 'device', audit, device: parts[3] } : { page: 'devices', audit };
    case 'checklist':
      return { page: 'checklist', audit };
    case 'report':
      return { page: 'report', audit };
    default:
      return { page: 'start' };
  }
}

/** The path of a route. */
export function routePath(r: Route): string {
  const enc = encodeURIComponent;
  if (r.page === 'start') return '/';
  const base = `/audits/${enc(r.audit)}`;
  switch (r.page) {
    case 'audit':
      return base;
    case 'device':
      return `${base}/devices/${enc(r.device)}`;
    default:
      return `${base}/${r.page}`;
  }
}

/** The event pages and components send up to move to another page. */
export class NavigateEvent extends Event {
  static readonly type = 'hs-navigate';
  constructor(readonly route: Route) {
    super(NavigateEvent.type, { bubbles: true, composed: true });
  }
}
