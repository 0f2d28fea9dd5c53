// Minimal types for node-ssdp 4 (it ships none): only what discovery/ssdp.ts uses.
declare module 'node-ssdp' {
  import type { EventEmitter } from 'node:events';

  export interface SsdpOptions {
    interfaces?: string[];
    explicitSocketBind?: boolean;
    suppressRootDeviceAdvertisements?: boolean;
    location?: string;
    customLogger?: (...args: unknown[]) => void;
  }
  export interface SsdpRinfo {
    address: string;
    port: number;
  }
  export type SsdpHeaders = Record<string, string>;

  export class Client extends EventEmitter {
    constructor(opts?: SsdpOptions);
    start(): Promise<void>;
    search(st: string): void;
    stop(): void;
    on(event: 'response', h: (headers: SsdpHeaders, statusCode: number, rinfo: SsdpRinfo) => void): this;
  }
  export class Server extends EventEmitter {
    constructor(opts?: SsdpOptions);
    start(): Promise<void>;
    stop(): void;
    on(event: 'advertise-alive' | 'advertise-bye', h: (headers: SsdpHeaders, rinfo: SsdpRinfo) => void): this;
  }
  const ssdp: { Client: typeof Client; Server: typeof Server };
  export default ssdp;
}
