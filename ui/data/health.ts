/**
 * The gateway's health, fetched once and shared by the parts of the page that depend on it (the health note, the
 * stalkerware-lists offer, "what this check cannot see"); `healthChanged` tells them all when it changes.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { HealthInfo } from '../../gateway/contract.ts';
import { getHealth } from './api.ts';

export const HEALTH_CHANGED = 'hs-health-changed';

let cached: Promise<HealthInfo | null> | undefined;

/** The health, or null when it cannot be read (the page works without it). */
export function sharedHealth(): Promise<HealthInfo | null> {
  cached ??= getHealth().catch(() => {
    cached = undefined; // Locked or offline: ask again next time.
    return null;
  });
  return cached;
}

/** Reads the health again and tells every listener. */
export async function refreshHealth(): Promise<void> {
  cached = undefined;
  await sharedHealth();
  window.dispatchEvent(new CustomEvent(HEALTH_CHANGED));
}

/** True when the stalkerware lists are not loaded (no lists yet, or none could be read). */
export function indicatorsMissing(h: HealthInfo | null): boolean {
  return !!h && h.indicators.loaded === 0;
}

/** Keeps a component's copy of the shared health current: read `value`; the host re-renders when it changes. */
export class HealthController implements ReactiveController {
  value: HealthInfo | null = null;
  private readonly onChange = () =>
    void sharedHealth().then((h) => {
      this.value = h;
      this.host.requestUpdate();
    });

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener(HEALTH_CHANGED, this.onChange);
    this.onChange();
  }

  hostDisconnected(): void {
    window.removeEventListener(HEALTH_CHANGED, this.onChange);
  }
}
