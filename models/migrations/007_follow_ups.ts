import type { Kysely } from 'kysely';
import { runAll } from './001_foundation.ts';

/**
 * Follow-up requests from a municipality to a provider. The evidence links cascade with the
 * story, so a withdrawn story leaves the evidence and the request stays. Events are append-only.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runAll(db, [
    `create table follow_ups (
      id uuid primary key default gen_random_uuid(),
      owner_id uuid not null references staff_users(id),
      municipality_code text references municipalities(code),
      region_code text references regions(code),
      provider_id uuid not null references providers(id),
      title text not null,
      ask text not null,
      public_response text,
      state text not null default 'sent' check (state in ('sent','acknowledged','plan_proposed','in_progress','done','confirmed','reopened')),
      due_date date not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      source_kind text not null check (source_kind in ('theme','topic','stories')),
      source_id text,
      check ((municipality_code is null) <> (region_code is null))
    )`,
    `create index follow_ups_provider_idx on follow_ups(provider_id, created_at desc)`,
    `create index follow_ups_municipality_idx on follow_ups(municipality_code) where municipality_code is not null`,
    `create index follow_ups_region_idx on follow_ups(region_code) where region_code is not null`,
    `create table follow_up_stories (
      follow_up_id uuid not null references follow_ups(id) on delete cascade,
      narrative_id uuid not null references narratives(id) on delete cascade,
      primary key (follow_up_id, narrative_id)
    )`,
    `create index follow_up_stories_narrative_idx on follow_up_stories(narrative_id)`,
    `create table follow_up_events (
      id bigserial primary key,
      follow_up_id uuid not null references follow_ups(id) on delete cascade,
      actor_id uuid references staff_users(id),
      actor_email text,
      at timestamptz not null default now(),
      kind text not null,
      from_state text,
      to_state text,
      detail jsonb not null default '{}'
    )`,
    `create index follow_up_events_follow_up_idx on follow_up_events(follow_up_id, id)`,
    // Append-only: what happened to a request cannot be rewritten (a removed request takes its events along).
    `create function follow_up_events_append_only() returns trigger language plpgsql as $$
      begin raise exception 'de geschiedenis van een opvolgverzoek kan niet worden gewijzigd'; end $$`,
    `create trigger follow_up_events_append_only before update on follow_up_events
      for each row execute function follow_up_events_append_only()`,
    `create table follow_up_messages (
      id bigserial primary key,
      follow_up_id uuid not null references follow_ups(id) on delete cascade,
      author_id uuid references staff_users(id),
      author_email text,
      side text not null check (side in ('municipality','provider')),
      text text not null,
      at timestamptz not null default now()
    )`,
    `create index follow_up_messages_follow_up_idx on follow_up_messages(follow_up_id, id)`,
    `create table notifications (
      id bigserial primary key,
      user_id uuid references staff_users(id) on delete cascade,
      provider_id uuid references providers(id) on delete cascade,
      follow_up_id uuid references follow_ups(id) on delete cascade,
      text text not null,
      created_at timestamptz not null default now(),
      read_at timestamptz,
      check (user_id is not null or provider_id is not null)
    )`,
    `create index notifications_provider_unread_idx on notifications(provider_id) where read_at is null`,
    `create index notifications_user_unread_idx on notifications(user_id) where read_at is null`,
  ]);
}
