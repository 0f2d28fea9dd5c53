/**
 * The page's "download the stalkerware lists": the same update `homesweep indicators update` runs (download,
 * validate, install all or nothing), started by the owner with one click, then the lists are read in again.
 */
import { Hono } from 'hono';
import { IndicatorUpdateError } from '../../rules/indicators/update-indicators.ts';
import type { Env } from '../security.ts';

/** Fetches the lists into the gateway's folder and loads them; resolves with how many indicators are loaded. */
export type IndicatorUpdater = () => Promise<{ loaded: number }>;

export function indicatorRoutes(deps: { updateIndicators?: IndicatorUpdater }) {
  const app = new Hono<Env>();
  let running: Promise<{ loaded: number }> | undefined;
  app.post('/indicators/update', async (c) => {
    if (!deps.updateIndicators) return c.json({ error: 'this gateway reads its lists from a fixed path (--indicators); update them there' }, 409);
    // A second click while the first download runs waits for the same one.
    running ??= deps.updateIndicators().finally(() => (running = undefined));
    try {
      return c.json(await running);
    } catch (err) {
      if (err instanceof IndicatorUpdateError) return c.json({ error: err.message, code: err.code }, 502);
      throw err;
    }
  });
  return app;
}
