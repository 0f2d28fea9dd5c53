import { describe, expect, it } from 'vitest';
import { classifySsh, remoteScript, sshArgs } from '../../../../../gateway/capture/sources/ssh-source.ts';

const W = 'root@10.0.0.1 over SSH';

describe('ssh capture source (pure parts)', () => {
  it('checks host keys strictly, one attempt, keys only', () => {
    const args = sshArgs({ target: { user: 'root', host: '10.0.0.1', port: 22 }, keyFile: '/k', knownHosts: ['/kh'], ownKnownHosts: '/data/known_hosts' });
    for (const o of ['BatchMode=yes', 'StrictHostKeyChecking=yes', 'ConnectionAttempts=1', 'PasswordAuthentication=no', 'UserKnownHostsFile="/kh" "/data/known_hosts"']) expect(args).toContain(o);
    expect(args.slice(args.indexOf('--') + 1, -1)).toEqual(['10.0.0.1']);
  });
  it('with a password, lets ssh ask exactly once and never tries a key', () => {
    const args = sshArgs({ target: { user: 'root', host: '10.0.0.1', port: 22 }, password: 'x', ownKnownHosts: '/data/known_hosts' });
    for (const o of ['BatchMode=no', 'NumberOfPasswordPrompts=1', 'PubkeyAuthentication=no', 'StrictHostKeyChecking=yes']) expect(args).toContain(o);
    expect(args).not.toContain('x');
  });
  it('filters out its own session and watches stdin to stop the router tcpdump', () => {
    const s = remoteScript('br-lan');
    expect(s).toContain("IF='br-lan'");
    expect(s).toContain('not (tcp and host $C and host $S and port $CP and port $SP)');
    expect(s).toMatch(/cat <&3 >\/dev\/null 2>&1; kill \$P/);
    expect(() => remoteScript("br-lan'; reboot")).toThrow(/not a valid interface name/);
  });
  it.each([
    ['ssh: connect to host 10.0.0.1 port 22: No route to host', 255, 'UNREACHABLE'],
    ['root@10.0.0.1: Permission denied (publickey).', 255, 'AUTH_REFUSED'],
    ['debug1: Server host key: ssh-ed25519 SHA256:AAAA\nNo ED25519 host key is known for 10.0.0.1 and you have requested strict checking.\nHost key verification failed.', 255, 'HOST_KEY_UNKNOWN'],
    ['@@@ WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! @@@\nThe fingerprint for the ED25519 key sent by the remote host is\nSHA256:BBBB.\nHost key verification failed.', 255, 'HOST_KEY_CHANGED'],
    ['homesweep: no tcpdump on the router', 4, 'REMOTE_TCPDUMP_MISSING'],
    ['homesweep: no interface of the router holds 10.0.0.1', 3, 'NO_SUCH_INTERFACE'],
  ])('classifies "%s"', (stderr, code, want) => {
    const err = classifySsh(stderr, code, W);
    expect(err.code).toBe(want);
    expect(err.message.startsWith(`${W}: `)).toBe(true);
    expect(err.message).not.toContain('\n');
  });
  it('names the fingerprint to confirm', () => {
    const err = classifySsh('debug1: Server host key: ssh-ed25519 SHA256:AAAA\nHost key verification failed.', 255, W);
    expect(err.fingerprint).toBe('SHA256:AAAA');
    expect(err.message).toContain('--accept-host-key SHA256:AAAA');
  });
});
