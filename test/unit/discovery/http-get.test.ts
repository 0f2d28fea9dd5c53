import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boundedRequest, HttpLimitError } from '../../../discovery/http-get.ts';

// Loopback only: a tiny server with one route per behaviour.
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ok') res.end('<root/>');
    else if (req.url === '/big') res.end('x'.repeat(10_000));
    else if (req.url === '/chunked-big') {
      res.writeHead(200, { 'transfer-encoding': 'chunked' });
      for (let i = 0; i < 20; i++) res.write('y'.repeat(1000));
      res.end();
    } else if (req.url === '/echo') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => res.end(`${req.method} ${req.headers.soapaction} ${body}`));
    } else if (req.url === '/hang') {
      res.writeHead(200);
      res.write('partial');
    } else if (req.url === '/redirect') {
      res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' });
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('boundedRequest', () => {
  it('returns status and body', async () => {
    expect(await boundedRequest(new URL(`${base}/ok`))).toEqual({ status: 200, body: '<root/>' });
  });
  it('sends a POST body and headers', async () => {
    const res = await boundedRequest(new URL(`${base}/echo`), { method: 'POST', headers: { SOAPAction: '"a#b"' }, body: '<x/>' });
    expect(res.body).toBe('POST "a#b" <x/>');
  });
  it.each([
    ['declared length over the cap', '/big', 'TOO_LARGE'],
    ['chunked body over the cap', '/chunked-big', 'TOO_LARGE'],
    ['a device that never finishes', '/hang', 'TIMEOUT'],
  ])('rejects %s', async (_name, path, code) => {
    const err = await boundedRequest(new URL(base + path), { maxBytes: 5000, timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpLimitError);
    expect((err as HttpLimitError).code).toBe(code);
  });
  it('does not follow redirects', async () => {
    expect((await boundedRequest(new URL(`${base}/redirect`))).status).toBe(302);
  });
  it('rejects a refused connection as NETWORK', async () => {
    const err = await boundedRequest(new URL('http://127.0.0.1:1/')).catch((e: unknown) => e);
    expect((err as HttpLimitError).code).toBe('NETWORK');
  });
});
