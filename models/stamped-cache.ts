/**
 * Figures kept per key while the data they were counted from has not changed: each entry carries
 * the stamp it was computed under (a cheap fingerprint of that data) and, optionally, expires. The
 * oldest key goes when the cache is full. Per process; several web processes each keep their own.
 */
export function stampedCache<T>(opts: { size: number; maxAgeMs?: number }) {
  const entries = new Map<string, { stamp: string; at: number; value: T }>();
  return {
    async get(key: string, stamp: string, compute: () => Promise<T>, now = Date.now()): Promise<T> {
      const hit = entries.get(key);
      if (hit && hit.stamp === stamp && (opts.maxAgeMs === undefined || now - hit.at < opts.maxAgeMs)) return hit.value;
      const value = await compute();
      entries.delete(key);
      entries.set(key, { stamp, at: now, value });
      if (entries.size > opts.size) entries.delete(entries.keys().next().value!);
      return value;
    },
  };
}
