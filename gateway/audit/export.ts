/** Builds the audit export document of DESIGN.md (`format: "homesweep.audit"`, `version: 1`). */
import type { AuditExport, AuditMeta, AuditTexts, ChecklistItem, Comment, Device, Finding } from '../contract.ts';
import { digestOf } from './canonical.ts';

export interface AuditParts {
  audit: AuditMeta;
  devices: Device[];
  findings?: Finding[];
  checklist?: ChecklistItem[];
  comments?: Comment[];
  redactions?: string[];
  texts?: AuditTexts;
}

export function buildAuditExport(parts: AuditParts): AuditExport {
  const body = {
    format: 'homesweep.audit' as const,
    version: 1 as const,
    audit: parts.audit,
    devices: parts.devices,
    findings: parts.findings ?? [],
    checklist: parts.checklist ?? [],
    comments: parts.comments ?? [],
    redactions: parts.redactions ?? [],
    // Absent rather than empty, so an export without texts keeps the digest it had before texts existed.
    ...(parts.texts ? { texts: parts.texts } : {}),
  };
  return { ...body, digest: digestOf(body) };
}
