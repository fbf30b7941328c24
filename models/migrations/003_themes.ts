import type { Kysely } from 'kysely';
import { runAll } from './001_foundation.ts';

/**
 * What the analysis worker derives from a story: its vector, theme, topic tags, tone and safety
 * signal; the themes with their runs and human curation; the topic framework and the tag
 * classifier. Everything that names a story cascades from `narratives`, so withdrawal erases it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runAll(db, [
    // The fitted representation of one re-clustering run (LSA: vocabulary, idf and components;
    // neural: the model name). Only the current one is kept; its vectors go with it.
    `create table theme_models (
      version text primary key,
      backend text not null,
      created_at timestamptz not null default now(),
      dimensions integer not null,
      floor real not null,
      representation jsonb not null,
      components bytea,
      keyword_vocabulary jsonb not null)`,
    `create table narrative_vectors (
      narrative_id uuid primary key references narratives(id) on delete cascade,
      model_version text not null references theme_models(version) on delete cascade,
      vector bytea not null,
      keyword_terms integer[] not null default '{}',
      text_hash text not null,
      updated_at timestamptz not null default now())`,
    `create index narrative_vectors_model_idx on narrative_vectors(model_version)`,
    // Ids are the pipeline's own stable ids (kept across runs by matching), never reused for
    // another theme: follow-up requests point at them. Retired and merged themes stay as rows.
    `create table themes (
      id text primary key,
      label text not null,
      name text,
      keywords jsonb not null default '[]',
      centroid bytea,
      model_version text references theme_models(version) on delete set null,
      locked boolean not null default false,
      status text not null default 'active' check (status in ('active','merged','retired')),
      merged_into text references themes(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`,
    `create index themes_active_idx on themes(status) where status = 'active'`,
    `create table theme_members (
      narrative_id uuid primary key references narratives(id) on delete cascade,
      theme_id text not null references themes(id) on delete cascade,
      similarity real not null,
      source text not null check (source in ('cluster','assigned','human')),
      representative smallint,
      assigned_at timestamptz not null default now())`,
    `create index theme_members_theme_idx on theme_members(theme_id)`,
    // Where the machine itself put each story (the last run after matching, or assignment since),
    // before people's curation: the next run is matched to this, then the curation is replayed.
    `create table theme_machine_members (
      narrative_id uuid primary key references narratives(id) on delete cascade,
      theme_id text not null)`,
    `create table theme_runs (
      id bigserial primary key,
      started_at timestamptz not null,
      finished_at timestamptz not null default now(),
      trigger text not null,
      model_version text,
      stats jsonb not null)`,
    // Curation log, replayed after every run. The stories an operation names live in their own
    // table so a withdrawn story leaves no trace in the log.
    `create table theme_curations (
      id bigserial primary key,
      at timestamptz not null default now(),
      actor text not null,
      op jsonb not null)`,
    `create table theme_curation_stories (
      curation_id bigint not null references theme_curations(id) on delete cascade,
      narrative_id uuid not null references narratives(id) on delete cascade,
      primary key (curation_id, narrative_id))`,
    `create index theme_curation_stories_narrative_idx on theme_curation_stories(narrative_id)`,
    `create table framework_topics (
      key text primary key,
      label text not null,
      description text not null,
      lexicon jsonb not null,
      settings jsonb not null default '{}',
      active boolean not null default true,
      sort integer not null default 0,
      customized boolean not null default false,
      updated_at timestamptz not null default now(),
      updated_by text)`,
    `create table narrative_tags (
      narrative_id uuid not null references narratives(id) on delete cascade,
      topic text not null references framework_topics(key) on update cascade on delete cascade,
      score real not null,
      source text not null check (source in ('lexicon','classifier','both','human')),
      lexicon_score real,
      classifier_score real,
      evidence jsonb not null default '[]',
      primary key (narrative_id, topic))`,
    `create index narrative_tags_topic_idx on narrative_tags(topic)`,
    `create table tag_corrections (
      narrative_id uuid not null references narratives(id) on delete cascade,
      topic text not null references framework_topics(key) on update cascade on delete cascade,
      present boolean not null,
      actor text not null,
      at timestamptz not null default now(),
      primary key (narrative_id, topic))`,
    `create table tag_classifier (
      version bigserial primary key,
      trained_at timestamptz not null default now(),
      examples integer not null,
      corrections_digest text not null,
      weights jsonb not null)`,
    `create table narrative_signals (
      narrative_id uuid primary key references narratives(id) on delete cascade,
      tone text not null check (tone in ('positive','negative','mixed')),
      tone_score real not null,
      tone_evidence jsonb not null default '[]',
      safety_flag boolean not null,
      safety_reasons jsonb not null default '[]',
      analyzed_at timestamptz not null default now())`,
    `create index narrative_signals_safety_idx on narrative_signals(analyzed_at desc) where safety_flag`,
    // Theme views filter stories by period and kind of sharer next to provider and municipality.
    `create index narratives_role_created_idx on narratives(sharer_role, created_at)`,
  ]);
}
