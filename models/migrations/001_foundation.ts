import { sql, type Kysely } from 'kysely';

/** Statements run one by one: PGlite's extended protocol takes one statement per call. */
export async function runAll(db: Kysely<any>, statements: string[]): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await runAll(db, [
    `create table regions (code text primary key, name text not null)`,
    `create table municipalities (
      code text primary key, name text not null, province text not null,
      region_code text not null references regions(code))`,
    `create index municipalities_region_idx on municipalities(region_code)`,
    `create table care_types (
      code text primary key, label text not null, family_label text, sort int not null default 0)`,
    `create table providers (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      is_demo boolean not null default false,
      created_at timestamptz not null default now())`,
    `create unique index providers_name_key on providers (lower(name))`,
    `create table provider_municipalities (
      provider_id uuid not null references providers(id) on delete cascade,
      municipality_code text not null references municipalities(code),
      primary key (provider_id, municipality_code))`,
    `create index provider_municipalities_code_idx on provider_municipalities(municipality_code)`,
    `create table provider_regions (
      provider_id uuid not null references providers(id) on delete cascade,
      region_code text not null references regions(code),
      primary key (provider_id, region_code))`,
    `create index provider_regions_code_idx on provider_regions(region_code)`,
    `create table provider_care_types (
      provider_id uuid not null references providers(id) on delete cascade,
      care_type_code text not null references care_types(code),
      primary key (provider_id, care_type_code))`,
    `create table narratives (
      id uuid primary key default gen_random_uuid(),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      sharer_role text not null check (sharer_role in ('child','youth','parent','foster_parent','other')),
      age_band text not null check (age_band in ('0-11','12-15','16-17','18-23','24+')),
      municipality_code text not null references municipalities(code),
      provider_id uuid references providers(id) on delete set null,
      care_type text references care_types(code),
      text text not null,
      feeling smallint check (feeling between 1 and 5),
      consent text not null check (consent in ('reviewers','provider','public')),
      contact_cipher text,
      urgent boolean not null default false,
      child_mode boolean not null default false,
      is_demo boolean not null default false,
      receipt_bucket integer not null,
      receipt_hash text not null,
      idempotency_key text unique,
      request_fingerprint text)`,
    `create index narratives_receipt_bucket_idx on narratives(receipt_bucket)`,
    `create index narratives_created_idx on narratives(created_at desc)`,
    `create index narratives_provider_idx on narratives(provider_id)`,
    `create index narratives_municipality_idx on narratives(municipality_code)`,
    `create table narrative_additions (
      id uuid primary key default gen_random_uuid(),
      narrative_id uuid not null references narratives(id) on delete cascade,
      created_at timestamptz not null default now(),
      text text not null,
      client_key text)`,
    `create index narrative_additions_narrative_idx on narrative_additions(narrative_id)`,
    `create unique index narrative_additions_client_key on narrative_additions(narrative_id, client_key)`,
    `create table narrative_events (
      id bigserial primary key,
      narrative_id uuid not null references narratives(id) on delete cascade,
      at timestamptz not null default now(),
      kind text not null,
      detail jsonb not null default '{}')`,
    `create index narrative_events_narrative_idx on narrative_events(narrative_id)`,
    // Withdrawal erases the story; only an anonymous count per month remains.
    `create table withdrawal_tallies (month date primary key, count integer not null)`,
    `create table jobs (
      id bigserial primary key,
      kind text not null,
      payload jsonb not null default '{}',
      status text not null default 'queued' check (status in ('queued','running','done','failed')),
      attempts integer not null default 0,
      max_attempts integer not null default 5,
      run_after timestamptz not null default now(),
      locked_by text,
      locked_until timestamptz,
      last_error text,
      dedupe_key text unique,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`,
    `create index jobs_claim_idx on jobs(kind, run_after) where status = 'queued'`,
    `create index jobs_running_idx on jobs(locked_until) where status = 'running'`,
    `create table worker_heartbeats (
      worker_id text primary key, kinds text not null,
      started_at timestamptz not null default now(), seen_at timestamptz not null default now())`,
  ]);
}
