/**
 * The suffixes of a host name that start at a label boundary, longest first: "a.b.c" → ["a.b.c", "b.c", "c"].
 * Every host-name rule and the indicator lists look a host up by these, one after the other for the same
 * observation, so the list of the last host is kept and shared instead of being cut again by each of them.
 */
let lastHost: string | undefined;
let lastList: readonly string[] = [];

/** The label-boundary suffixes of `host` (which the caller has normalised), longest first. */
export function labelSuffixes(host: string): readonly string[] {
  if (host === lastHost) return lastList;
  const out = [host];
  for (let dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) out.push(host.slice(dot + 1));
  lastHost = host;
  lastList = out;
  return out;
}
