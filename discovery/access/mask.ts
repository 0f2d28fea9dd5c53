/**
 * Masks an account name for display: the first letter of the local part stays, the rest becomes `***`, the
 * domain stays (so the survivor can tell "m***@example.com" from her own address without the page showing it
 * to someone looking over her shoulder). The full value goes in the entry's detail.
 */
export function maskAccount(name: string): string {
  const at = name.lastIndexOf('@');
  if (at <= 0) return `${name.slice(0, 1)}***`;
  return `${name.slice(0, 1)}***${name.slice(at)}`;
}
