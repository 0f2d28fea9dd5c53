/** Names a device announced that are real names, not addresses. */
import type { Device } from '../../gateway/contract.ts';

// Apple devices announce "<mac>@<address>" mDNS instances (sleep proxy, companion link): addresses, not names.
const ADDRESS_NAME = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}@/i;

/** The announced names worth showing as names. */
export function realNames(d: Pick<Device, 'names'>): string[] {
  return d.names.filter((n) => !ADDRESS_NAME.test(n));
}
