import { describe, expect, it } from 'vitest';
import { keyFingerprint, knownHostsName, matchingKeys, serverHostKey } from '../../../../../gateway/capture/sources/ssh-known-hosts.ts';

// An ed25519 public key and its fingerprint as `ssh-keygen -l -E sha256` prints it.
const BLOB = 'AAAAC3NzaC1lZDI1NTE5AAAAIMmi1UHNZmaJS8X12/JT5IkWbG2H8zSur7AxLmeknd8h';
const FP = 'SHA256:Xvnqz74K2l+/eH6ugJ9neskuWKw4Iu99wHxXZLZM1mE';

describe('SSH host keys', () => {
  it('fingerprints a key blob like ssh-keygen', () => {
    expect(keyFingerprint(BLOB)).toBe(FP);
  });
  it('reads the key ssh was shown from its -v output', () => {
    expect(serverHostKey('debug1: Server host key: ssh-ed25519 SHA256:abcDEF+/123\ndebug1: load_hostkeys')).toEqual({ type: 'ssh-ed25519', fingerprint: 'SHA256:abcDEF+/123' });
    expect(serverHostKey('ssh: connect to host x port 22: Connection refused')).toBeUndefined();
  });
  it('keeps only the keyscan lines with the confirmed fingerprint', () => {
    const scan = `# 10.0.0.1:22 SSH-2.0-OpenSSH_9.2\n10.0.0.1 ssh-ed25519 ${BLOB}\n10.0.0.1 ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ==\n`;
    expect(matchingKeys(scan, keyFingerprint(BLOB))).toEqual([{ type: 'ssh-ed25519', blob: BLOB }]);
    expect(matchingKeys(scan, 'SHA256:' + 'x'.repeat(43))).toEqual([]);
  });
  it('names hosts on other ports the known_hosts way', () => {
    expect(knownHostsName('10.0.0.1', 22)).toBe('10.0.0.1');
    expect(knownHostsName('10.0.0.1', 2222)).toBe('[10.0.0.1]:2222');
  });
});
