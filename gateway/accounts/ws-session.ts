/**
 * A JSON message pipe over one WebSocket (the `ws` package; Node 20 has no stable global WebSocket) with the
 * check's deadline and size cap: `recv()` resolves with the next message, or says why none will come.
 */
import WebSocket from 'ws';

/** Why no message arrived. */
export type WsStop = 'closed' | 'timeout' | 'too-big' | 'unreachable';

/** Next message, or a stop reason. */
export type WsReceived = { msg: unknown } | { stop: WsStop };

/** An open pipe. Call `close()` when done. */
export interface WsSession {
  recv(): Promise<WsReceived>;
  send(value: unknown): void;
  close(): void;
  /** Bytes received so far. */
  bytes(): number;
}

/** Opens `url` and returns the pipe at once; connection failures surface from the first `recv()`. */
export function openWsSession(url: string, deadline: number, maxBytes: number): WsSession {
  const remaining = Math.max(1, deadline - Date.now());
  const ws = new WebSocket(url, { maxPayload: maxBytes, handshakeTimeout: remaining, followRedirects: false, perMessageDeflate: false,
    // Home Assistant on HTTPS reached by its home IP never matches its certificate's name; the target guard already
    // limited the host to a home address the owner chose.
    rejectUnauthorized: false });
  const queue: WsReceived[] = [];
  const waiters: Array<(r: WsReceived) => void> = [];
  let bytes = 0;
  let stopped: WsStop | undefined;
  const push = (r: WsReceived): void => {
    const w = waiters.shift();
    if (w) w(r);
    else queue.push(r);
  };
  const stop = (why: WsStop): void => {
    if (stopped) return;
    stopped = why;
    push({ stop: why });
  };
  let opened = false;
  ws.on('open', () => {
    opened = true;
  });
  ws.on('message', (data: WebSocket.RawData) => {
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    bytes += buf.length;
    if (bytes > maxBytes) {
      stop('too-big');
      ws.terminate();
      return;
    }
    let msg: unknown;
    try {
      msg = JSON.parse(buf.toString('utf8'));
    } catch {
      // A frame that is not JSON is not Home Assistant talking; treat it as the end of the conversation.
      stop('closed');
      ws.terminate();
      return;
    }
    push({ msg });
  });
  // 1009 = "message too big" (RFC 6455 §7.4.1): ws closes this way when a frame exceeds maxPayload.
  ws.on('close', (code: number) => stop(code === 1009 ? 'too-big' : opened ? 'closed' : 'unreachable'));
  ws.on('error', (err: Error & { code?: string }) => stop(err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'too-big' : opened ? 'closed' : 'unreachable'));
  return {
    recv() {
      const ready = queue.shift();
      if (ready) return Promise.resolve(ready);
      if (stopped) return Promise.resolve({ stop: stopped });
      return new Promise<WsReceived>((resolve) => {
        const timer = setTimeout(() => {
          const i = waiters.indexOf(done);
          if (i >= 0) waiters.splice(i, 1);
          resolve({ stop: 'timeout' });
        }, Math.max(1, deadline - Date.now()));
        const done = (r: WsReceived): void => {
          clearTimeout(timer);
          resolve(r);
        };
        waiters.push(done);
      });
    },
    send(value) {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(value));
    },
    close() {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.terminate();
    },
    bytes: () => bytes,
  };
}
