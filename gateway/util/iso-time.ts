/**
 * Milliseconds since the epoch → ISO-8601 UTC text, as `new Date(ms).toISOString()` but several times faster in
 * a packet loop: the text up to the second is kept per second (the date part per day), and the milliseconds and
 * the `Z` come from a table of the thousand endings.
 */
const ENDINGS = Array.from({ length: 1000 }, (_, i) => `${String(i).padStart(3, '0')}Z`);

export function createIsoFormatter(): (ms: number) => string {
  let day = NaN;
  let datePrefix = '';
  let second = NaN;
  let secondPrefix = '';
  const two = (n: number) => (n < 10 ? '0' : '') + n;
  return (ms: number) => {
    const t = Math.floor(ms);
    const s = Math.floor(t / 1000);
    if (s !== second) {
      const d = Math.floor(s / 86_400);
      if (d !== day) {
        const text = new Date(d * 86_400_000).toISOString();
        // Years outside 0000-9999 have a longer form: let Date handle those whole.
        if (text.length !== 24) return new Date(t).toISOString();
        day = d;
        datePrefix = text.slice(0, 11);
      }
      let rest = s - d * 86_400;
      const sec = rest % 60;
      rest = (rest - sec) / 60;
      const min = rest % 60;
      const hour = (rest - min) / 60;
      second = s;
      secondPrefix = `${datePrefix}${two(hour)}:${two(min)}:${two(sec)}.`;
    }
    return secondPrefix + ENDINGS[t - s * 1000]!;
  };
}
