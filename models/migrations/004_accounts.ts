import type { Kysely } from 'kysely';
import { runAll } from './001_foundation.ts';

/**
 * Staff accounts (roles and scopes), their sessions, the append-only audit log, and what
 * reviewers add to a story: review status, internal notes and a Dutch full-text search document.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runAll(db, [
    `create table staff_users (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      name text not null default '',
      role text not null check (role in ('admin','reviewer','municipality','provider')),
      password_hash text,
      totp_secret_cipher text,
      totp_enabled boolean not null default false,
      active boolean not null default true,
      invite_hash text,
      invite_expires_at timestamptz,
      failed_logins integer not null default 0,
      locked_until timestamptz,
      created_at timestamptz not null default now(),
      created_by uuid)`,
    `create unique index staff_users_email_idx on staff_users(lower(email))`,
    `create unique index staff_users_invite_idx on staff_users(invite_hash) where invite_hash is not null`,
    // Which stories a municipality or provider account may read; reviewers may be narrowed too.
    `create table staff_scopes (
      user_id uuid not null references staff_users(id) on delete cascade,
      kind text not null check (kind in ('provider','region','municipality')),
      code text not null,
      primary key (user_id, kind, code))`,
    // Only a hash of the session token is stored: a copy of the database signs nobody in.
    `create table staff_sessions (
      id_hash text primary key,
      user_id uuid not null references staff_users(id) on delete cascade,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      second_factor_done boolean not null default false,
      ip text,
      user_agent text)`,
    `create index staff_sessions_user_idx on staff_sessions(user_id)`,
    // Who did what, when and from where. No foreign keys: the log outlives users and stories.
    `create table audit_events (
      id bigserial primary key,
      at timestamptz not null default now(),
      actor_id uuid,
      actor_email text,
      actor_role text,
      action text not null,
      target_kind text,
      target_id text,
      detail jsonb not null default '{}',
      ip text)`,
    `create index audit_events_at_idx on audit_events(at desc)`,
    `create index audit_events_target_idx on audit_events(target_kind, target_id, at desc)`,
    `create function audit_events_append_only() returns trigger language plpgsql as $$
      begin raise exception 'het auditlog kan niet worden gewijzigd'; end $$`,
    `create trigger audit_events_append_only before update or delete on audit_events
      for each row execute function audit_events_append_only()`,
    `create table narrative_reviews (
      narrative_id uuid primary key references narratives(id) on delete cascade,
      status text not null check (status in ('new','seen','follow_up')),
      updated_at timestamptz not null default now(),
      updated_by uuid references staff_users(id) on delete set null)`,
    `create index narrative_reviews_status_idx on narrative_reviews(status)`,
    `create table narrative_notes (
      id bigserial primary key,
      narrative_id uuid not null references narratives(id) on delete cascade,
      author_id uuid references staff_users(id) on delete set null,
      at timestamptz not null default now(),
      text text not null)`,
    `create index narrative_notes_narrative_idx on narrative_notes(narrative_id)`,
    // One search document per story over its text, additions, latest transcripts, image text and
    // captions, kept current by triggers so every writer (form, worker, reviewer) is covered.
    `create table narrative_search (
      narrative_id uuid primary key references narratives(id) on delete cascade,
      document tsvector not null)`,
    `create index narrative_search_document_idx on narrative_search using gin(document)`,
    `create function narrative_search_refresh(nid uuid) returns void language sql as $$
      insert into narrative_search (narrative_id, document)
      select n.id,
        setweight(to_tsvector('dutch', n.text), 'A')
        || to_tsvector('dutch', coalesce((select string_agg(a.text, ' ') from narrative_additions a where a.narrative_id = n.id), ''))
        || to_tsvector('dutch', coalesce((select string_agg(t.text, ' ') from (
             select distinct on (t.part_id) t.text from transcripts t
             join narrative_parts p on p.id = t.part_id where p.narrative_id = n.id
             order by t.part_id, t.id desc) t), ''))
        || to_tsvector('dutch', coalesce((select string_agg(concat_ws(' ', p.ocr_text, p.caption), ' ')
             from narrative_parts p where p.narrative_id = n.id), ''))
      from narratives n where n.id = nid
      on conflict (narrative_id) do update set document = excluded.document $$`,
    `create function narrative_search_on_narrative() returns trigger language plpgsql as $$
      begin perform narrative_search_refresh(new.id); return null; end $$`,
    `create trigger narrative_search_narrative after insert or update of text on narratives
      for each row execute function narrative_search_on_narrative()`,
    `create function narrative_search_on_child() returns trigger language plpgsql as $$
      begin perform narrative_search_refresh(new.narrative_id); return null; end $$`,
    `create trigger narrative_search_addition after insert or update of text on narrative_additions
      for each row execute function narrative_search_on_child()`,
    `create trigger narrative_search_part after update of ocr_text, caption on narrative_parts
      for each row execute function narrative_search_on_child()`,
    `create function narrative_search_on_transcript() returns trigger language plpgsql as $$
      begin perform narrative_search_refresh((select narrative_id from narrative_parts where id = new.part_id)); return null; end $$`,
    `create trigger narrative_search_transcript after insert on transcripts
      for each row execute function narrative_search_on_transcript()`,
    `insert into narrative_search (narrative_id, document) select id, to_tsvector('dutch', text) from narratives`,
  ]);
}
