import type { Kysely } from 'kysely';
import { runAll } from './001_foundation.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runAll(db, [
    // A voice note or an image belonging to a story (or to one of its additions).
    `create table narrative_parts (
      id uuid primary key default gen_random_uuid(),
      narrative_id uuid not null references narratives(id) on delete cascade,
      addition_id uuid references narrative_additions(id) on delete cascade,
      kind text not null check (kind in ('audio','image')),
      position integer not null default 0,
      media_key text not null,
      display_key text,
      thumb_key text,
      mime text not null,
      bytes integer not null,
      duration_sec real,
      width integer,
      height integer,
      caption text,
      status text not null default 'pending'
        check (status in ('pending','processing','done','failed','waiting_for_model')),
      error text,
      ocr_text text,
      ocr_confidence real,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`,
    `create index narrative_parts_narrative_idx on narrative_parts(narrative_id)`,
    `create index narrative_parts_waiting_idx on narrative_parts(status) where status = 'waiting_for_model'`,
    `create index narrative_parts_media_key_idx on narrative_parts(media_key)`,
    `create index narrative_parts_display_key_idx on narrative_parts(display_key)`,
    `create index narrative_parts_thumb_key_idx on narrative_parts(thumb_key)`,
    // Every transcript version is kept: a person's correction never overwrites, it is added.
    `create table transcripts (
      id bigserial primary key,
      part_id uuid not null references narrative_parts(id) on delete cascade,
      source text not null check (source in ('machine','person')),
      model text,
      author text,
      text text not null,
      segments jsonb not null default '[]',
      created_at timestamptz not null default now())`,
    `create index transcripts_part_idx on transcripts(part_id, id desc)`,
  ]);
}
