/**
 * Sorts like `Array.prototype.sort`, in pieces, calling `pause` between them: runs of `run` items
 * are sorted on their own, then merged pairwise, pausing every `run` items merged. For background
 * work on the request thread (the ranking pass sorts every article with views: one sort of 10,000
 * held the event loop for 6-8 ms). Returns a new array; stable, as Array.prototype.sort is.
 */
export async function pacedSort<T>(items: readonly T[], compare: (a: T, b: T) => number, pause: () => Promise<void>, run = 2_000): Promise<T[]> {
  let runs: T[][] = [];
  for (let i = 0; i < items.length; i += run) {
    runs.push(items.slice(i, i + run).sort(compare));
    if (i + run < items.length) await pause();
  }
  while (runs.length > 1) {
    const next: T[][] = [];
    for (let r = 0; r < runs.length; r += 2) {
      const a = runs[r] as T[];
      const b = runs[r + 1];
      if (!b) {
        next.push(a);
        continue;
      }
      const out: T[] = new Array<T>(a.length + b.length);
      let i = 0;
      let j = 0;
      let k = 0;
      while (i < a.length && j < b.length) {
        // Ties take from the earlier run first: the merge keeps the sort stable.
        out[k++] = compare(b[j] as T, a[i] as T) < 0 ? (b[j++] as T) : (a[i++] as T);
        if (k % run === 0) await pause();
      }
      while (i < a.length) out[k++] = a[i++] as T;
      while (j < b.length) out[k++] = b[j++] as T;
      next.push(out);
    }
    runs = next;
  }
  return runs[0] ?? [];
}
