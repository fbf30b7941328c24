import { sql } from 'kysely';
import type { DB } from './db.ts';

/** Counts for the admin pages; only numbers, never story content. */
export interface AdminCounts { users: number; activeUsers: number; providers: number; stories: number; failedJobs: number }

export async function adminCounts(db: DB): Promise<AdminCounts> {
  const row = await sql<{ users: number; active_users: number; providers: number; stories: number; failed_jobs: number }>`
    select (select count(*)::int from staff_users) as users,
           (select count(*)::int from staff_users where active) as active_users,
           (select count(*)::int from providers) as providers,
           (select count(*)::int from narratives) as stories,
           (select count(*)::int from jobs where status = 'failed') as failed_jobs`.execute(db);
  const r = row.rows[0]!;
  return { users: r.users, activeUsers: r.active_users, providers: r.providers, stories: r.stories, failedJobs: r.failed_jobs };
}

/** Stories per municipality code (municipalities without stories are left out). */
export async function storyCountsByMunicipality(db: DB): Promise<Map<string, number>> {
  const rows = await db.selectFrom('narratives').select(['municipality_code', sql<number>`count(*)::int`.as('count')])
    .groupBy('municipality_code').execute();
  return new Map(rows.map((r) => [r.municipality_code, Number(r.count)]));
}
