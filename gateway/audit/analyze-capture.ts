/**
 * Offline audit of a capture file: reader → packet engine → inventory → identification → audit export.
 * The same engine and inventory serve live capture; only the packet source differs.
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { AuditExport, CaptureStats } from '../contract.ts';
import { createPacketEngine, type EngineStats } from '../capture/engine.ts';
import { readCaptureFile } from '../capture/reader.ts';
import type { ReaderSummary } from '../capture/types.ts';
import { createInventory, type Identification, type DeviceEvidence } from '../inventory/inventory.ts';
import { buildAuditExport } from './export.ts';
import { isRandomizedMac, lookupVendor } from '../../discovery/oui.ts';

export interface AnalyzeOptions {
  onProgress?: (bytesRead: number) => void;
  identify?: (evidence: DeviceEvidence) => Identification;
  /** Fixed audit id and clock, for reproducible output in tests. */
  auditId?: string;
  now?: () => Date;
}

export interface AnalyzeResult {
  document: AuditExport;
  engine: EngineStats;
  reader: ReaderSummary;
}

export async function analyzeCapture(path: string, opts: AnalyzeOptions = {}): Promise<AnalyzeResult> {
  const inventory = createInventory({ vendorOf: lookupVendor, isRandomizedMac, identify: opts.identify });
  const engine = createPacketEngine({ onObservation: (obs) => inventory.observe(obs) });
  const startedAt = (opts.now?.() ?? new Date()).toISOString();
  const reader = await readCaptureFile(path, engine, opts.onProgress);
  const stats = engine.finish();
  const gw = engine.gatewayMac();
  if (gw) inventory.setGateway({ mac: gw });
  const capture: CaptureStats = {
    file: basename(path),
    bytes: reader.bytes,
    packets: stats.packets,
    malformed: stats.malformed + reader.malformedRecords,
    truncated: reader.truncated,
    firstPacket: stats.packets ? new Date(stats.firstMs).toISOString() : undefined,
    lastPacket: stats.packets ? new Date(stats.lastMs).toISOString() : undefined,
    linkTypes: reader.linkTypes,
    flows: stats.flowsCreated,
  };
  const document = buildAuditExport({
    audit: {
      id: opts.auditId ?? randomUUID(),
      title: `Capture ${basename(path)}`,
      startedAt: capture.firstPacket ?? startedAt,
      endedAt: capture.lastPacket ?? startedAt,
      mode: 'capture',
      sources: ['capture'],
      capture,
    },
    devices: inventory.devices(),
  });
  return { document, engine: stats, reader };
}
