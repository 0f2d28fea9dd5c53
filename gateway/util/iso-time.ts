/**
 * Milliseconds since the epoch → ISO-8601 UTC text, as `new Date(ms).toISOString()` but several times faster in
 * a packet loop: the date part is kept per day, and the time of day is built from integer arithmetic.
 */
export function createIsoFormatter(): (ms: number) => string {
  let day = NaN;
  let datePrefix = '';
  const two = (n: number) => (n < 10 ? '0' : '') + n;
  return (ms: number) => {
    const t = Math.floor(ms);
    const d = Math.floor(t / 86_400_000);
    if (d !== day) {
      const text = new Date(d * 86_400_000).toISOString();
      // Years outside 0000-9999 have a longer form: let Date handle those whole.
      if (text.length !== 24) return new Date(t).toISOString();
      day = d;
      datePrefix = text.slice(0, 11);
    }
    let rest = t - d * 86_400_000;
    const milli = rest % 1000;
    rest = (rest - milli) / 1000;
    const sec = rest % 60;
    rest = (rest - sec) / 60;
    const min = rest % 60;
    const hour = (rest - min) / 60;
    return `${datePrefix}${two(hour)}:${two(min)}:${two(sec)}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
  };
}
