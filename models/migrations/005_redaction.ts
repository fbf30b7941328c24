import type { Kysely } from 'kysely';
import { runAll } from './001_foundation.ts';

/**
 * Personal data the worker found in each text of a story (the story itself, an addition, a
 * transcript, image text, a caption), and reviewers' corrections to it. Offsets refer to the text
 * whose hash is stored, so a changed text is detected again and old overrides stop applying.
 * Both cascade from `narratives`: withdrawal erases them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runAll(db, [
    `create table text_redactions (
      narrative_id uuid not null references narratives(id) on delete cascade,
      source text not null,
      text_hash text not null,
      spans jsonb not null,
      detected_at timestamptz not null default now(),
      primary key (narrative_id, source))`,
    `create table redaction_overrides (
      id bigserial primary key,
      narrative_id uuid not null references narratives(id) on delete cascade,
      source text not null,
      text_hash text not null,
      start integer not null,
      "end" integer not null,
      action text not null check (action in ('unmask','add')),
      kind text,
      actor text,
      at timestamptz not null default now(),
      check ("end" > start and start >= 0))`,
    `create index redaction_overrides_narrative_idx on redaction_overrides(narrative_id, source)`,
  ]);
}
