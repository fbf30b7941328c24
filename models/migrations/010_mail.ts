import type { Kysely } from 'kysely';
import { runAll } from './001_foundation.ts';

/**
 * E-mail to families: a one-time answer link per story per request, for sharers who left an
 * e-mail address. Only a hash of the link's token is kept; the link goes with the story when it
 * is withdrawn and with the request when that is removed. `mailed_at` tells the municipality how
 * many families were asked by e-mail.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runAll(db, [
    `create table family_answer_links (
      follow_up_id uuid not null references follow_ups(id) on delete cascade,
      narrative_id uuid not null references narratives(id) on delete cascade,
      token_hash text not null unique,
      expires_at timestamptz not null,
      mailed_at timestamptz,
      created_at timestamptz not null default now(),
      primary key (follow_up_id, narrative_id)
    )`,
    `create index family_answer_links_narrative_idx on family_answer_links(narrative_id)`,
  ]);
}
