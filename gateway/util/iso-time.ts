/**
 * Milliseconds since the epoch → ISO-8601 UTC text, as `new Date(ms).toISOString()` but several times faster in
 * a packet loop: the text up to the seconds is kept while consecutive calls fall in the same second.
 */
export function createIsoFormatter(): (ms: number) => string {
  let second = NaN;
  let prefix = '';
  return (ms: number) => {
    const sec = Math.floor(ms / 1000);
    if (sec !== second) {
      const text = new Date(sec * 1000).toISOString();
      // Years outside 0000-9999 have a longer form: let Date handle those whole.
      if (text.length !== 24) return new Date(ms).toISOString();
      second = sec;
      prefix = text.slice(0, 20);
    }
    const milli = Math.floor(ms - sec * 1000);
    return prefix + (milli < 10 ? '00' : milli < 100 ? '0' : '') + milli + 'Z';
  };
}
