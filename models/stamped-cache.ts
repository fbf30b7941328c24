import type { DB } from './db.ts';

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

/**
 * A stamp for counts of stories: changes when a story comes in or is withdrawn, a story's theme
 * changes or staff open a story; reading it is three index look-ups and a sum over the small
 * monthly withdrawal tally. Edits and re-analysis do not move it: those reach cached figures
 * when the entry expires.
 */
export async function storyCountsStamp(db: DB): Promise<string> {
  const row = await db.selectNoFrom((eb) => [
    eb.selectFrom('narratives').select((e) => e.fn.max('created_at').as('v')).as('story'),
    eb.selectFrom('theme_members').select((e) => e.fn.max('assigned_at').as('v')).as('placed'),
    eb.selectFrom('audit_events').select((e) => e.fn.max('id').as('v')).where('action', '=', 'story_viewed').as('viewed'),
    eb.selectFrom('withdrawal_tallies').select((e) => e.fn.sum<number>('count').as('v')).as('withdrawn'),
  ]).executeTakeFirstOrThrow();
  const t = (d: Date | string | null) => (d ? new Date(d).getTime() : 0);
  return `${t(row.story)}:${t(row.placed)}:${row.viewed ?? 0}:${row.withdrawn ?? 0}`;
}
