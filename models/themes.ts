import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { DB } from './db.ts';
import type { Database, KeywordVocabularyColumn, ThemeKeywordColumn, ThemeMemberSource, ThemeStatus } from './schema.ts';
import { bytesToVector, vectorToBytes } from './vector-bytes.ts';

/**
 * The only SQL for theme models, story vectors, themes, their members, runs and the curation
 * log. Queries take lists of ids and answer per id, so one story and a page of them share a path.
 */
export type Tx = Transaction<Database>;
type Reader = DB | Tx;

export type KeywordVocabulary = KeywordVocabularyColumn;
export type ThemeKeyword = ThemeKeywordColumn;

export interface ThemeModelInfo {
  version: string;
  backend: string;
  dimensions: number;
  /** minimum cosine between a story and its theme centroid */
  floor: number;
  createdAt: Date;
}

export interface StoredThemeModel extends ThemeModelInfo {
  /** what the representer needs to project a new story (opaque here) */
  representation: Record<string, unknown>;
  components: Float32Array | null;
  keywordVocabulary: KeywordVocabulary;
}

export interface StoredVector {
  narrativeId: string;
  vector: Float32Array;
  /** ids into the model's keyword vocabulary, ascending */
  keywordTerms: number[];
  /** textHash() of the text the vector was computed from */
  textHash: string;
}

/** Short fingerprint of a story's analysed text. */
export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

export interface ThemeSummary {
  id: string;
  /** the machine's proposal */
  label: string;
  /** given by a person; shown instead of the label */
  name: string | null;
  keywords: ThemeKeyword[];
  size: number;
  locked: boolean;
  status: ThemeStatus;
  mergedInto: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ThemeMembership {
  narrativeId: string;
  themeId: string;
  similarity: number;
  source: ThemeMemberSource;
  /** 1 = the story closest to the theme's centre; null when not among the representative ones */
  representative: number | null;
}

/** One serialised writer for theme state: runs, curation and assignment never interleave. */
export async function withThemeLock<T>(db: DB, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext('gehoord.themes'))`.execute(tx);
    return work(tx);
  });
}

// ---- models and vectors

const modelInfoColumns = ['version', 'backend', 'dimensions', 'floor', 'created_at'] as const;

function toInfo(row: { version: string; backend: string; dimensions: number; floor: number; created_at: Date }): ThemeModelInfo {
  return { version: row.version, backend: row.backend, dimensions: row.dimensions, floor: row.floor, createdAt: row.created_at };
}

/** The model of the latest run, without its (large) fitted payload. */
export async function currentThemeModelInfo(db: Reader): Promise<ThemeModelInfo | undefined> {
  const row = await db.selectFrom('theme_models').select(modelInfoColumns)
    .orderBy('created_at', 'desc').orderBy('version').limit(1).executeTakeFirst();
  return row && toInfo(row);
}

export async function themeModel(db: Reader, version: string): Promise<StoredThemeModel | undefined> {
  const row = await db.selectFrom('theme_models').selectAll().where('version', '=', version).executeTakeFirst();
  if (!row) return undefined;
  return {
    ...toInfo(row),
    representation: row.representation,
    components: row.components ? bytesToVector(row.components) : null,
    keywordVocabulary: row.keyword_vocabulary,
  };
}

export async function keywordVocabulary(db: Reader, version: string): Promise<KeywordVocabulary | undefined> {
  const row = await db.selectFrom('theme_models').select('keyword_vocabulary').where('version', '=', version).executeTakeFirst();
  return row?.keyword_vocabulary;
}

export async function saveThemeModel(tx: Tx, model: Omit<StoredThemeModel, 'createdAt'>): Promise<void> {
  await tx.insertInto('theme_models').values({
    version: model.version,
    backend: model.backend,
    dimensions: model.dimensions,
    floor: model.floor,
    representation: JSON.stringify(model.representation),
    components: model.components ? vectorToBytes(model.components) : null,
    keyword_vocabulary: JSON.stringify(model.keywordVocabulary),
  }).onConflict((oc) => oc.column('version').doNothing()).execute();
}

/** Older models go, and with them every vector still computed with them (cascade). */
export async function deleteModelsExcept(tx: Tx, version: string): Promise<void> {
  await tx.deleteFrom('theme_models').where('version', '<>', version).execute();
}

const VECTOR_BATCH = 2000;

export async function saveVectors(tx: Tx, modelVersion: string, vectors: readonly StoredVector[]): Promise<void> {
  for (let start = 0; start < vectors.length; start += VECTOR_BATCH) {
    const rows = vectors.slice(start, start + VECTOR_BATCH).map((v) => ({
      narrative_id: v.narrativeId, model_version: modelVersion, vector: vectorToBytes(v.vector), keyword_terms: v.keywordTerms,
      text_hash: v.textHash, updated_at: new Date(),
    }));
    await tx.insertInto('narrative_vectors').values(rows).onConflict((oc) => oc.column('narrative_id').doUpdateSet((eb) => ({
      model_version: eb.ref('excluded.model_version'), vector: eb.ref('excluded.vector'),
      keyword_terms: eb.ref('excluded.keyword_terms'), text_hash: eb.ref('excluded.text_hash'), updated_at: eb.ref('excluded.updated_at'),
    }))).execute();
  }
}

/** All vectors of one model version, ordered by story id. */
export async function vectorsOfModel(db: Reader, modelVersion: string): Promise<StoredVector[]> {
  const rows = await db.selectFrom('narrative_vectors').select(['narrative_id', 'vector', 'keyword_terms', 'text_hash'])
    .where('model_version', '=', modelVersion).orderBy('narrative_id').execute();
  return rows.map((r) => ({ narrativeId: r.narrative_id, vector: bytesToVector(r.vector), keywordTerms: r.keyword_terms, textHash: r.text_hash }));
}

export async function vectorsOf(db: Reader, narrativeIds: readonly string[]): Promise<Map<string, StoredVector & { modelVersion: string }>> {
  if (narrativeIds.length === 0) return new Map();
  const rows = await db.selectFrom('narrative_vectors').select(['narrative_id', 'model_version', 'vector', 'keyword_terms', 'text_hash'])
    .where('narrative_id', 'in', narrativeIds).execute();
  return new Map(rows.map((r) => [r.narrative_id, {
    narrativeId: r.narrative_id, modelVersion: r.model_version, vector: bytesToVector(r.vector), keywordTerms: r.keyword_terms, textHash: r.text_hash,
  }]));
}

/** Which model and text a story's stored vector comes from, without the vector. */
export async function vectorStamp(db: Reader, narrativeId: string): Promise<{ modelVersion: string; textHash: string } | undefined> {
  const row = await db.selectFrom('narrative_vectors').select(['model_version', 'text_hash']).where('narrative_id', '=', narrativeId).executeTakeFirst();
  return row && { modelVersion: row.model_version, textHash: row.text_hash };
}

/** Stories the current model has not represented yet (they arrived during a run, or before the first). */
export async function narrativesWithoutVector(db: Reader, modelVersion: string): Promise<string[]> {
  const rows = await db.selectFrom('narratives as n')
    .leftJoin('narrative_vectors as v', (join) => join.onRef('v.narrative_id', '=', 'n.id').on('v.model_version', '=', modelVersion))
    .select('n.id').where('v.narrative_id', 'is', null).orderBy('n.id').execute();
  return rows.map((r) => r.id);
}

// ---- themes

export interface ThemeWrite {
  id: string;
  label: string;
  name: string | null;
  keywords: ThemeKeyword[];
  centroid: Float32Array;
  locked: boolean;
}

/** Inserts or updates themes as active (a theme id that comes back is the same theme again). */
export async function saveThemes(tx: Tx, modelVersion: string, themes: readonly ThemeWrite[]): Promise<void> {
  for (const theme of themes) {
    const values = {
      label: theme.label, name: theme.name, keywords: JSON.stringify(theme.keywords), centroid: vectorToBytes(theme.centroid),
      model_version: modelVersion, locked: theme.locked, status: 'active' as const, merged_into: null, updated_at: new Date(),
    };
    await tx.insertInto('themes').values({ id: theme.id, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values)).execute();
  }
}

/** Themes that left the active set: merged into another, or retired. Their rows stay for links. */
export async function retireThemes(tx: Tx, themes: readonly { id: string; mergedInto: string | null }[]): Promise<void> {
  for (const { id, mergedInto } of themes) {
    await tx.updateTable('themes').set({
      status: mergedInto ? 'merged' : 'retired', merged_into: mergedInto, locked: false, updated_at: new Date(),
    }).where('id', '=', id).execute();
  }
}

const summaryColumns = ['t.id', 't.label', 't.name', 't.keywords', 't.locked', 't.status', 't.merged_into', 't.created_at', 't.updated_at'] as const;
/** Counted, not stored: a withdrawn story leaves its theme at once (its membership row cascades away). */
const liveSize = sql<number>`(select count(*)::int from theme_members m where m.theme_id = t.id)`.as('size');

function toSummary(row: {
  id: string; label: string; name: string | null; keywords: ThemeKeyword[]; size: number; locked: boolean;
  status: ThemeStatus; merged_into: string | null; created_at: Date; updated_at: Date;
}): ThemeSummary {
  return {
    id: row.id, label: row.label, name: row.name, keywords: row.keywords, size: row.size, locked: row.locked,
    status: row.status, mergedInto: row.merged_into, createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

/** Active themes, largest first. */
export async function listThemes(db: Reader): Promise<ThemeSummary[]> {
  const rows = await db.selectFrom('themes as t').select(summaryColumns).select(liveSize).where('t.status', '=', 'active')
    .orderBy('size', 'desc').orderBy('t.id').execute();
  return rows.map(toSummary);
}

/** Any themes by id, also merged or retired ones (follow-ups keep pointing at them). */
export async function themesByIds(db: Reader, ids: readonly string[]): Promise<Map<string, ThemeSummary>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('themes as t').select(summaryColumns).select(liveSize).where('t.id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, toSummary(row)]));
}

export interface ActiveTheme {
  id: string;
  name: string | null;
  locked: boolean;
  centroid: Float32Array | null;
  modelVersion: string | null;
  memberIds: string[];
}

/** Active themes with their members (sorted) and centroids, for matching, curation and assignment. */
export async function activeThemes(db: Reader, opts: { members: boolean } = { members: true }): Promise<ActiveTheme[]> {
  const themes = await db.selectFrom('themes').select(['id', 'name', 'locked', 'centroid', 'model_version'])
    .where('status', '=', 'active').orderBy('id').execute();
  const members = new Map<string, string[]>(themes.map((t) => [t.id, []]));
  if (opts.members && themes.length) {
    const rows = await db.selectFrom('theme_members as m').innerJoin('themes as t', 't.id', 'm.theme_id')
      .select(['m.theme_id', 'm.narrative_id']).where('t.status', '=', 'active').orderBy('m.narrative_id').execute();
    for (const row of rows) members.get(row.theme_id)?.push(row.narrative_id);
  }
  return themes.map((t) => ({
    id: t.id, name: t.name, locked: t.locked, centroid: t.centroid ? bytesToVector(t.centroid) : null,
    modelVersion: t.model_version, memberIds: members.get(t.id)!,
  }));
}

// ---- members

/** The theme of each story that has one. */
export async function membershipsOf(db: Reader, narrativeIds: readonly string[]): Promise<Map<string, ThemeMembership>> {
  if (narrativeIds.length === 0) return new Map();
  const rows = await db.selectFrom('theme_members').selectAll().where('narrative_id', 'in', narrativeIds).execute();
  return new Map(rows.map((r) => [r.narrative_id, toMembership(r)]));
}

/** Every story's theme and how it got there. */
export async function allMemberships(db: Reader): Promise<Map<string, { themeId: string; source: ThemeMemberSource }>> {
  const rows = await db.selectFrom('theme_members').select(['narrative_id', 'theme_id', 'source']).execute();
  return new Map(rows.map((r) => [r.narrative_id, { themeId: r.theme_id, source: r.source }]));
}

/** Members of the given themes, most representative first. */
export async function membersOfThemes(db: Reader, themeIds: readonly string[]): Promise<Map<string, ThemeMembership[]>> {
  const out = new Map<string, ThemeMembership[]>(themeIds.map((id) => [id, []]));
  if (themeIds.length === 0) return out;
  const rows = await db.selectFrom('theme_members').selectAll().where('theme_id', 'in', themeIds)
    .orderBy(sql`coalesce(representative, 32767)`).orderBy('similarity', 'desc').orderBy('narrative_id').execute();
  for (const row of rows) out.get(row.theme_id)!.push(toMembership(row));
  return out;
}

function toMembership(r: { narrative_id: string; theme_id: string; similarity: number; source: ThemeMemberSource; representative: number | null }): ThemeMembership {
  return { narrativeId: r.narrative_id, themeId: r.theme_id, similarity: r.similarity, source: r.source, representative: r.representative };
}

/**
 * Replaces memberships: every member of `themeIds` (all themes when 'all') and every story in
 * `members` loses its current row, then `members` are written.
 */
export async function replaceMembers(tx: Tx, themeIds: readonly string[] | 'all', members: readonly ThemeMembership[]): Promise<void> {
  if (themeIds === 'all') await tx.deleteFrom('theme_members').execute();
  else if (themeIds.length) await tx.deleteFrom('theme_members').where('theme_id', 'in', themeIds).execute();
  const stories = members.map((m) => m.narrativeId);
  for (let start = 0; start < stories.length; start += VECTOR_BATCH) {
    await tx.deleteFrom('theme_members').where('narrative_id', 'in', stories.slice(start, start + VECTOR_BATCH)).execute();
  }
  for (let start = 0; start < members.length; start += VECTOR_BATCH) {
    await tx.insertInto('theme_members').values(members.slice(start, start + VECTOR_BATCH).map((m) => ({
      narrative_id: m.narrativeId, theme_id: m.themeId, similarity: m.similarity, source: m.source, representative: m.representative,
    }))).execute();
  }
}

/** Places one story, or takes it out of its theme with null. A story that stays keeps its representative rank. */
export async function setMembership(tx: Tx, narrativeId: string, placement: { themeId: string; similarity: number; source: ThemeMemberSource } | null): Promise<void> {
  if (!placement) {
    await tx.deleteFrom('theme_members').where('narrative_id', '=', narrativeId).execute();
    return;
  }
  await tx.insertInto('theme_members').values({
    narrative_id: narrativeId, theme_id: placement.themeId, similarity: placement.similarity, source: placement.source, representative: null,
  }).onConflict((oc) => oc.column('narrative_id').doUpdateSet({
    theme_id: placement.themeId, similarity: placement.similarity, source: placement.source,
    representative: sql<number | null>`case when theme_members.theme_id = excluded.theme_id then theme_members.representative end`,
    assigned_at: sql<Date>`case when theme_members.theme_id = excluded.theme_id then theme_members.assigned_at else now() end`,
  })).execute();
}

// ---- the machine's own placement (before curation)

/** The themes as the machine last made them, with the names and locks they carry now. */
export async function machineThemes(db: Reader): Promise<{ id: string; memberIds: string[]; name: string | null; locked: boolean }[]> {
  const rows = await db.selectFrom('theme_machine_members as m').leftJoin('themes as t', 't.id', 'm.theme_id')
    .select(['m.theme_id', 'm.narrative_id', 't.name', 't.locked']).orderBy('m.theme_id').orderBy('m.narrative_id').execute();
  const themes = new Map<string, { id: string; memberIds: string[]; name: string | null; locked: boolean }>();
  for (const r of rows) {
    let theme = themes.get(r.theme_id);
    if (!theme) themes.set(r.theme_id, (theme = { id: r.theme_id, memberIds: [], name: r.name ?? null, locked: r.locked ?? false }));
    theme.memberIds.push(r.narrative_id);
  }
  return [...themes.values()];
}

export async function replaceMachineMembers(tx: Tx, members: readonly { narrativeId: string; themeId: string }[]): Promise<void> {
  await tx.deleteFrom('theme_machine_members').execute();
  for (let start = 0; start < members.length; start += VECTOR_BATCH) {
    await tx.insertInto('theme_machine_members')
      .values(members.slice(start, start + VECTOR_BATCH).map((m) => ({ narrative_id: m.narrativeId, theme_id: m.themeId }))).execute();
  }
}

export async function setMachineMembership(tx: Tx, narrativeId: string, themeId: string | null): Promise<void> {
  if (themeId === null) {
    await tx.deleteFrom('theme_machine_members').where('narrative_id', '=', narrativeId).execute();
    return;
  }
  await tx.insertInto('theme_machine_members').values({ narrative_id: narrativeId, theme_id: themeId })
    .onConflict((oc) => oc.column('narrative_id').doUpdateSet({ theme_id: themeId })).execute();
}

// ---- runs

export interface ThemeRunRecord {
  id: number;
  startedAt: Date;
  finishedAt: Date;
  trigger: string;
  modelVersion: string | null;
  stats: Record<string, unknown>;
}

export async function recordRun(tx: Tx, run: Omit<ThemeRunRecord, 'id' | 'finishedAt'>): Promise<number> {
  const row = await tx.insertInto('theme_runs').values({
    started_at: run.startedAt, trigger: run.trigger, model_version: run.modelVersion, stats: JSON.stringify(run.stats),
  }).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function listRuns(db: Reader, limit = 20): Promise<ThemeRunRecord[]> {
  const rows = await db.selectFrom('theme_runs').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: Number(r.id), startedAt: r.started_at, finishedAt: r.finished_at, trigger: r.trigger, modelVersion: r.model_version, stats: r.stats,
  }));
}

/** Every story id, in canonical order: what a run clusters. */
export async function allNarrativeIds(db: Reader): Promise<string[]> {
  return (await db.selectFrom('narratives').select('id').orderBy('id').execute()).map((r) => r.id);
}

// ---- curation log

/** An operation as stored: the stories it names are kept apart (see theme_curation_stories). */
export interface StoredCuration {
  id: number;
  at: Date;
  actor: string;
  op: Record<string, unknown>;
  /** the stories it names that still exist, sorted */
  narrativeIds: string[];
}

export async function recordCuration(tx: Tx, actor: string, op: Record<string, unknown>, narrativeIds: readonly string[] = []): Promise<number> {
  const row = await tx.insertInto('theme_curations').values({ actor, op: JSON.stringify(op) }).returning('id').executeTakeFirstOrThrow();
  const id = Number(row.id);
  const unique = [...new Set(narrativeIds)];
  for (let start = 0; start < unique.length; start += VECTOR_BATCH) {
    await tx.insertInto('theme_curation_stories')
      .values(unique.slice(start, start + VECTOR_BATCH).map((narrative_id) => ({ curation_id: id, narrative_id }))).execute();
  }
  return id;
}

export async function curationLog(db: Reader): Promise<StoredCuration[]> {
  const [ops, stories] = await Promise.all([
    db.selectFrom('theme_curations').selectAll().orderBy('id').execute(),
    db.selectFrom('theme_curation_stories').select(['curation_id', 'narrative_id']).orderBy('narrative_id').execute(),
  ]);
  const named = new Map<number, string[]>();
  for (const s of stories) {
    const list = named.get(Number(s.curation_id));
    if (list) list.push(s.narrative_id);
    else named.set(Number(s.curation_id), [s.narrative_id]);
  }
  return ops.map((o) => ({ id: Number(o.id), at: o.at, actor: o.actor, op: o.op, narrativeIds: named.get(Number(o.id)) ?? [] }));
}

/** Whether the last person to place this story put it in "niet ingedeeld" (the machine then leaves it there). */
export async function movedOutByPerson(db: Reader, narrativeId: string): Promise<boolean> {
  const row = await db.selectFrom('theme_curations as c').innerJoin('theme_curation_stories as s', 's.curation_id', 'c.id')
    .select(sql<string | null>`c.op->>'themeId'`.as('theme_id')).select(sql<string>`c.op->>'type'`.as('type'))
    .where('s.narrative_id', '=', narrativeId).where(sql<boolean>`c.op->>'type' in ('move', 'split')`)
    .orderBy('c.id', 'desc').limit(1).executeTakeFirst();
  return row?.type === 'move' && row.theme_id === null;
}
