/**
 * Hands a downloaded file to the browser's own save: a temporary object URL on a temporary `<a download>`,
 * clicked once, then removed and revoked so the bytes do not stay reachable from the page.
 */
import type { Download } from './api.ts';

/** Saves `file` under its name through the browser's downloads. */
export function saveFile(file: Download): void {
  const url = URL.createObjectURL(file.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  a.hidden = true;
  document.body.append(a);
  try {
    a.click();
  } finally {
    a.remove();
    // The click starts the download asynchronously; revoke on the next turn, once it has the bytes.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
