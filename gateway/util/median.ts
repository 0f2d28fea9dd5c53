/**
 * Median of unsorted numbers in O(n) (quickselect on a reused scratch array): the rate rules take the median of a
 * device's 900-second upload window at every tick, where copying and sorting showed up at 10% of a whole run.
 * NaN for an empty list; NaN values are not expected.
 */
let scratch = new Float64Array(1024);

export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  if (scratch.length < n) scratch = new Float64Array(n * 2);
  const a = scratch;
  for (let i = 0; i < n; i++) a[i] = values[i];
  const k = n >> 1;
  const upper = select(a, 0, n - 1, k);
  if (n % 2 === 1) return upper;
  // Even count: the lower middle is the largest value left of k after selection.
  let lower = a[0];
  for (let i = 1; i < k; i++) if (a[i] > lower) lower = a[i];
  return (lower + upper) / 2;
}

/** Rearranges a[lo..hi] so that a[k] holds the k-th smallest value, smaller ones before it; returns a[k]. */
function select(a: Float64Array, lo: number, hi: number, k: number): number {
  while (hi > lo) {
    // Median of three as pivot keeps sorted and constant input (an idle device's zeros) linear.
    const mid = (lo + hi) >> 1;
    const pivot = Math.max(Math.min(a[lo], a[mid]), Math.min(Math.max(a[lo], a[mid]), a[hi]));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}
