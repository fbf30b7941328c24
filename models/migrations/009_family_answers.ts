import type { Kysely } from 'kysely';
import { runAll } from './001_foundation.ts';

/**
 * "Is it better for you now?": a sharer's answer about a follow-up request their story was part
 * of. One answer per story per request (a new answer replaces it); it goes with the story when the
 * story is withdrawn, and with the request when that is removed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runAll(db, [
    `create table follow_up_answers (
      follow_up_id uuid not null references follow_ups(id) on delete cascade,
      narrative_id uuid not null references narratives(id) on delete cascade,
      answer text not null check (answer in ('yes','a_bit','no')),
      words text check (char_length(words) <= 1000),
      at timestamptz not null default now(),
      primary key (follow_up_id, narrative_id)
    )`,
    `create index follow_up_answers_narrative_idx on follow_up_answers(narrative_id)`,
  ]);
}
