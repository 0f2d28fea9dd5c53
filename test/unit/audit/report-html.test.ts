import { describe, expect, it } from 'vitest';
import { escapeHtml, renderReportHtml, REPORT_CSP } from '../../../gateway/audit/report-html.ts';
import { device, finding, smallAudit } from './small-audit.ts';

const HOSTILE = '<img src=x onerror=alert(1)>';

function hostileAudit() {
  const cam = device('aa:bb:cc:00:00:01', { names: [HOSTILE], hostnames: ['"><script>alert(2)</script>'] });
  const plug = device('aa:bb:cc:00:00:02', { category: 'smart-plug', capabilities: [], names: ['Quiet plug'] });
  const router = device('aa:bb:cc:00:00:09', { category: 'router', capabilities: [], names: ['Router'], portMappings: [{ protocol: 'TCP', externalPort: 8080, internalClient: '192.168.1.20', internalPort: 80, enabled: true }] });
  return smallAudit({
    devices: [plug, router, cam],
    findings: [
      finding('HS-REMOTE-0004', cam.id, { severity: 'high', summary: `Camera "${HOSTILE}" can be reached from outside by its P2P service.` }),
      finding('HS-HIDE-0001', router.id, { severity: 'low' }),
    ],
    checklist: [{ id: 'k1', device: cam.id, text: 'Check shared users', why: 'They can watch.', noticeRisk: 'Removing one is visible.', status: 'done', answer: 'Two phones: <b>mine</b> and his', note: 'screenshot taken', updatedAt: '2026-03-01T10:30:00.000Z' }],
    comments: [{ id: 'c1', target: { kind: 'device', id: cam.id }, author: 'helper', text: 'Record first & change later.', at: '2026-03-01T10:40:00.000Z' }],
    redactions: ['MAC addresses replaced by made-up ones.'],
  });
}

describe('renderReportHtml', () => {
  const html = renderReportHtml(hostileAudit());

  it('escapes every device-supplied string', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>mine</b>');
    expect(html).toContain(escapeHtml(HOSTILE));
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('is self-contained: no scripts, no external resources, one style element', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<[^>]*\b(?:src|href)\s*=/i);
    expect(html).not.toMatch(/url\(|@import|https?:\/\//i);
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html).toMatch(/@media print/);
    expect(html).toMatch(/break-before: page/);
  });

  it('carries its own Content-Security-Policy, so a copy opened from a file is as locked down as the served one', () => {
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
    expect(meta?.[1]).toBe(REPORT_CSP);
    expect(REPORT_CSP).toMatch(/^default-src 'none'; style-src 'unsafe-inline'; img-src data:;/);
    // Browsers ignore frame-ancestors in a meta policy; the served report gets it as a header.
    expect(REPORT_CSP).not.toMatch(/frame-ancestors/);
    expect(html.indexOf('<meta http-equiv')).toBeLessThan(html.indexOf('<style>'));
  });

  it('isolates device-supplied names and details from the text around them (bidirectional controls)', () => {
    const d = device('aa:bb:cc:00:00:07', { names: ['evil\u202egnp.exe'], portMappings: [{ protocol: 'TCP', externalPort: 1, internalClient: '192.168.1.7', internalPort: 1, enabled: true, description: '\u2067cam\u2069' }] });
    const spoof = smallAudit({
      devices: [d],
      checklist: [{ id: 'k', device: d.id, text: 'Look', why: '', noticeRisk: '', status: 'todo', updatedAt: '2026-03-01T10:30:00.000Z' }],
    });
    const out = renderReportHtml(spoof);
    expect(out).toContain('<h3><bdi>evil\u202egnp.exe</bdi>');
    expect(out).toContain('— <bdi>evil\u202egnp.exe</bdi>');
    expect(out).toContain('(<bdi>\u2067cam\u2069</bdi>)');
    expect(out.replace(/<bdi>[^<]*<\/bdi>/g, '')).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });

  it('ranks devices by risk: high finding first, the plug with nothing last', () => {
    const order = ['&lt;img', 'Router', 'Quiet plug'].map((n) => html.indexOf(`<h3><bdi>${n}`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((x, y) => x - y));
  });

  it('has evidence, the checklist with answers and notes, comments, redactions, what it cannot see and the safety notes', () => {
    for (const s of ['sent 2 MB', 'Check shared users', '[done]', 'screenshot taken', 'Record first &amp; change later.', 'MAC addresses replaced', 'TCP 8080 → 80']) expect(html).toContain(s);
    for (const s of ['Bluetooth trackers', 'mobile (cellular) connection', 'Car apps', 'mobile data', 'cloud']) expect(html).toContain(s);
    expect(html).toContain('erases its logs');
    expect(html).toContain('Record now, change later.');
  });

  it("writes the times inside access entries in the reader's time zone, as the rest of the report", () => {
    const hue = device('aa:bb:cc:00:00:03', {
      category: 'hub',
      names: ['Hue bridge'],
      access: [{ id: 'a1', kind: 'app', label: 'App "ifttt" can control the Hue lights', detail: 'added 2025-02-01T09:00:00.000Z', source: 'hue', notice: 'N1', outside: true, at: '2026-03-01T10:00:00.000Z' }],
    });
    const out = renderReportHtml(smallAudit({ devices: [hue] }), { lang: 'es', timeZone: 'America/Mexico_City' });
    expect(out).not.toContain('2025-02-01T09:00:00.000Z');
    expect(out).toContain(new Intl.DateTimeFormat('es', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'America/Mexico_City' }).format(Date.parse('2025-02-01T09:00:00.000Z')));
  });

  it('speaks Spanish when asked', () => {
    const es = renderReportHtml(hostileAudit(), { lang: 'es' });
    expect(es).toContain('<html lang="es">');
    expect(es).toContain('Registre ahora, cambie después.');
    expect(es).toContain('Localizadores Bluetooth');
  });

  it('says whose traffic the check could see, and beside the router puts that limit first in what it cannot see', () => {
    const seen = { ...hostileAudit() };
    seen.audit = { ...seen.audit, visibility: { placement: 'in-path', reason: 'saw-traffic', devicesWithTraffic: 11, devicesTotal: 14, sawDevices: [] } };
    expect(renderReportHtml(seen)).toContain('HomeSweep could see the internet traffic of 11 of 14 devices.');
    const beside = { ...hostileAudit() };
    beside.audit = { ...beside.audit, visibility: { placement: 'beside', reason: 'announcements-only', devicesWithTraffic: 0, devicesTotal: 3, sawDevices: [] } };
    const out = renderReportHtml(beside);
    expect(out).toContain('data-placement="beside"');
    const cannot = out.slice(out.indexOf('<section class="cannot">'));
    expect(cannot).toMatch(/<li>HomeSweep could only see what the 3 devices announce[^<]*capture on the home’s router|<li>HomeSweep could only see what the 3 devices announce[^<]*capture on the home&#39;s router/);
    expect(renderReportHtml(beside, { lang: 'es' })).toContain('solo pudo ver lo que anuncian los 3 aparatos');
    // Older exports have no visibility: nothing is claimed.
    expect(renderReportHtml(hostileAudit())).not.toContain('class="meta visibility"');
  });
});
