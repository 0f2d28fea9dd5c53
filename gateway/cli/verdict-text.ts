/**
 * The verdicts of an audit as plain text lines for the terminal, shared by `analyze` and `discover`: what the
 * capture could see of the home's traffic, and the findings per device.
 */
import type { Device, Finding, Visibility } from '../contract.ts';

/** The ways to see the traffic when this computer is beside the router (kept generic: each has its own guide). */
export const SEE_TRAFFIC_OPTIONS =
  'To check their traffic, use one of these: capture on the home\'s router (over SSH, or a FRITZ!Box\'s own packet capture), ' +
  'or take a capture on the router and analyse it here (homesweep analyze FILE).';

/** One or two sentences on whose traffic was seen; never silent. */
export function visibilityLines(v: Visibility | undefined): string[] {
  if (!v) return [];
  switch (v.reason) {
    case 'saw-traffic':
      return [`I can see the internet traffic of ${v.devicesWithTraffic} of ${v.devicesTotal} device(s).`];
    case 'announcements-only':
      return [
        `I can only see what devices announce (${v.devicesTotal} device(s)), not their internet traffic: this computer is beside the router, not in the traffic's path. ` +
          'Live video, stalkerware servers, remote access and hidden DNS could not be checked.',
        SEE_TRAFFIC_OPTIONS,
      ];
    case 'one-device':
      return [
        "I saw the internet traffic of one device only, which may be the computer that took the capture, so I cannot tell whether the capture was taken in the traffic's path.",
        SEE_TRAFFIC_OPTIONS,
      ];
    case 'too-early':
      return ['Too early to tell whose traffic I can see: less than a minute heard, and no other device\'s traffic yet.'];
    case 'no-devices':
      return ['No device other than the router and this computer was seen, so I cannot tell whose traffic I can see.'];
    case 'no-capture':
      return ['No packets were captured, so the traffic rules (live video, stalkerware servers, remote access, hidden DNS) were not checked.'];
  }
}

const SEVERITY_ORDER = ['high', 'medium', 'low', 'info'] as const;

/**
 * Findings grouped per device, most serious first; information findings only counted (they are in --json). With
 * nothing found and the traffic not seen, it says the traffic rules could not be judged instead of "no findings".
 */
export function findingLines(findings: Finding[], devices: Device[], visibility?: Visibility): string[] {
  const shown = findings.filter((f) => f.severity !== 'info');
  const info = findings.length - shown.length;
  const blind = visibility !== undefined && visibility.placement !== 'in-path';
  const none = blind
    ? 'No findings from what devices announce and the router says; the traffic rules could not be judged (see above).'
    : 'No findings from the detection rules.';
  const out = [shown.length ? `${shown.length} finding(s):` : none];
  const byDevice = new Map<string, Finding[]>();
  for (const f of shown) {
    const k = f.device ?? '';
    byDevice.set(k, [...(byDevice.get(k) ?? []), f]);
  }
  const rank = (fs: Finding[]) => Math.min(...fs.map((f) => SEVERITY_ORDER.indexOf(f.severity)));
  for (const [id, fs] of [...byDevice].sort((a, b) => rank(a[1]) - rank(b[1]))) {
    const d = devices.find((x) => x.id === id);
    const name = d ? `${d.profile?.name ?? d.category} ${d.mac ?? d.ips[0] ?? d.id}` : id || 'no device';
    out.push(`• ${name}`);
    for (const f of fs.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity))) {
      out.push(`    [${f.severity}] ${f.summary}`);
      const when = f.firstSeen === f.lastSeen ? `at ${f.firstSeen}` : `${f.firstSeen} – ${f.lastSeen}`;
      out.push(`        ${f.count === 1 ? 'seen once' : `seen ${f.count} times`}, ${when} (${f.rule})`);
    }
  }
  if (shown.length && blind) out.push('The traffic rules could not be judged (see above): these findings come from what devices announce and the router says.');
  if (info) out.push(`${info} information finding(s) about what devices can do are in the --json export.`);
  return out;
}
