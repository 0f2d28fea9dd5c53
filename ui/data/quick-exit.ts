/**
 * Quick exit: leave at once for a neutral local page. The page replaces this history entry (and the app never
 * adds entries, see router.ts), so Back does not lead back; the session is ended on the way out.
 * It cannot hide that the page was visited from someone who monitors this device: the UI says so.
 */
import { logoutAndForget } from './api.ts';

/** The neutral page bundled with the UI (ui/public/neutral.html); local, so no third party learns of the visit. */
export const NEUTRAL_PAGE = '/neutral.html';

let leaving = false;

/** Clears the screen, ends the session without waiting, and replaces the page with the neutral one. */
export function quickExit(): void {
  if (leaving) return;
  leaving = true;
  logoutAndForget();
  try {
    sessionStorage.clear();
  } catch {
    // Storage blocked: nothing was kept there either.
  }
  // Blank the screen first so nothing lingers while the next page loads.
  document.title = 'Easy recipes';
  document.body.replaceChildren();
  location.replace(NEUTRAL_PAGE);
}

/** Installs the Esc key shortcut for the whole page (capture phase, so no element can swallow it). */
export function installQuickExitKey(target: Window = window): void {
  target.addEventListener(
    'keydown',
    (ev) => {
      if (ev.key === 'Escape' && !ev.isComposing) {
        ev.preventDefault();
        quickExit();
      }
    },
    { capture: true },
  );
}
