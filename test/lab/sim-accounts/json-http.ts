/** Small helpers shared by the HTTP simulations: read a capped request body, answer JSON after the slow delay. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pause } from './sim-log.ts';

/** The request body as text, at most 64 KiB (a real device would refuse more). */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let s = '';
    req.on('data', (c: Buffer) => {
      if (s.length < 65536) s += c.toString('utf8');
    });
    req.on('end', () => resolve(s));
  });
}

/** Writes `body` as JSON with `status` after `slowMs`. */
export async function replyJson(res: ServerResponse, status: number, body: unknown, slowMs?: number): Promise<void> {
  await pause(slowMs);
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
