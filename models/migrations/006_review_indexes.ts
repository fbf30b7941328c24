import type { Kysely } from 'kysely';
import { runAll } from './001_foundation.ts';

/**
 * Indexes for the reviewer workspace's story list at 100,000 stories (measured with
 * `npm run bench:review`). The list filters with `n.id in (select narrative_id from … where …)`:
 * with the story id in the index those subqueries are index-only scans instead of heap reads,
 * and pages in time order walk one index in exactly the list's order (created_at, id).
 * Each new index starts with the columns of the one it replaces, so nothing that used the old
 * one gets slower.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runAll(db, [
    `create index narratives_created_id_idx on narratives(created_at desc, id desc)`,
    `drop index narratives_created_idx`,
    `create index theme_members_theme_narrative_idx on theme_members(theme_id, narrative_id)`,
    `drop index theme_members_theme_idx`,
    `create index narrative_tags_topic_narrative_idx on narrative_tags(topic, narrative_id)`,
    `drop index narrative_tags_topic_idx`,
    `create index narrative_signals_tone_idx on narrative_signals(tone, narrative_id)`,
    `create index narrative_reviews_status_narrative_idx on narrative_reviews(status, narrative_id)`,
    `drop index narrative_reviews_status_idx`,
    // The theme overview's cache stamp: the newest placement (see models/theme-overview.ts).
    `create index theme_members_assigned_idx on theme_members(assigned_at)`,
  ]);
}
