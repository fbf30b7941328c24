import type { Kysely } from 'kysely';
import { runAll } from './001_foundation.ts';

/**
 * Indexes for the municipality dashboard at 100,000 stories (`npm run bench:dashboard`). The
 * dashboard reads the stories of some municipalities over the last twelve months, with their
 * theme and tone: with those columns in the indexes, each is an index-only scan instead of a pass
 * over every story and a heap read per story.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runAll(db, [
    `create index narratives_municipality_created_idx on narratives(municipality_code, created_at) include (id, provider_id, urgent)`,
    `create index theme_members_narrative_theme_idx on theme_members(narrative_id, theme_id)`,
    `create index narrative_signals_narrative_tone_idx on narrative_signals(narrative_id) include (tone, safety_flag)`,
  ]);
}
