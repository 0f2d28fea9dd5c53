/**
 * An in-process aedes broker on 127.0.0.1 (random port) for the audit client's unit-level tests: it records every
 * PUBLISH a client sends and every authentication attempt, and lets the test publish as the broker itself.
 */
import { createServer, type AddressInfo } from 'node:net';
import { Aedes } from 'aedes';

export interface TestBroker {
  port: number;
  /** PUBLISH packets received from clients (the audit must send none). */
  clientPublishes: { clientId: string; topic: string }[];
  /** Authentication attempts: user name (undefined when none) and whether it was accepted. */
  authAttempts: { username?: string; ok: boolean }[];
  /** Resolves when a client has subscribed to `#`. */
  subscribed: Promise<void>;
  /** Publishes as the broker (retained or not); resolves once routed. */
  publish(topic: string, payload: string | Buffer, retain: boolean): Promise<void>;
  close(): Promise<void>;
}

export interface TestBrokerOptions {
  /** When set, only this user and password are accepted; `anonymous` decides about clients without a user name. */
  user?: { username: string; password: string };
  anonymous?: boolean;
}

export async function startTestBroker(opts: TestBrokerOptions = {}): Promise<TestBroker> {
  const broker = await Aedes.createBroker({ heartbeatInterval: 600_000 });
  const clientPublishes: TestBroker['clientPublishes'] = [];
  const authAttempts: TestBroker['authAttempts'] = [];
  broker.authenticate = (_client, username, password, done) => {
    let ok: boolean;
    if (username === undefined) ok = opts.anonymous ?? !opts.user;
    else ok = !!opts.user && username === opts.user.username && password?.toString() === opts.user.password;
    authAttempts.push({ username, ok });
    if (ok) done(null, true);
    else done(Object.assign(new Error('bad user name or password'), { returnCode: 4 }) as never, false);
  };
  broker.on('publish', (packet, client) => {
    if (client) clientPublishes.push({ clientId: client.id, topic: packet.topic });
  });
  const subscribed = new Promise<void>((resolve) => {
    broker.on('subscribe', (subs) => {
      if (subs.some((s) => s.topic === '#')) resolve();
    });
  });
  const server = createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    clientPublishes,
    authAttempts,
    subscribed,
    publish: (topic, payload, retain) =>
      new Promise((resolve, reject) =>
        broker.publish({ cmd: 'publish', topic, payload: Buffer.from(payload), retain, qos: 0, dup: false }, (err) => (err ? reject(err) : resolve())),
      ),
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
