/** The lab resolver's answer logic: scenario names get their cloud address, everything else NXDOMAIN. Pure. */
import dnsPacket from 'dns-packet';

const TTL = 60;

/** Builds the response to one raw DNS query, or null when the query cannot be decoded (it is then dropped). */
export function answerDnsQuery(query: Buffer, domains: Record<string, string>): Buffer | null {
  let q: dnsPacket.Packet;
  try {
    q = dnsPacket.decode(query);
  } catch {
    return null;
  }
  if (q.type !== 'query' || !q.questions?.length) return null;
  const question = q.questions[0];
  const name = question.name.toLowerCase().replace(/\.$/, '');
  const addr = Object.hasOwn(domains, name) ? domains[name] : undefined;
  const answers: dnsPacket.Answer[] = addr && question.type === 'A' ? [{ type: 'A', name: question.name, ttl: TTL, class: 'IN', data: addr }] : [];
  return dnsPacket.encode({
    type: 'response',
    id: q.id,
    // QR + RD copied + RA; RCODE 3 (NXDOMAIN) for names the lab internet does not have.
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (addr ? 0 : 3),
    questions: [question],
    answers,
  });
}
