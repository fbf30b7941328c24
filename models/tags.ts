import { sql } from 'kysely';
import type { DB } from './db.ts';
import { enqueue } from './jobs.ts';
import { ensureFrameworkSeeded, topicExists } from './framework.ts';
import type { TagSourceColumn } from './schema.ts';
import type { Tx } from './themes.ts';
import { errors } from '../lib/errors.ts';

/**
 * Topic tags per story, reviewers' corrections, and the classifier learnt from them. A
 * correction wins over the machine for that story and topic, now and in every later analysis.
 */
type Reader = DB | Tx;

export interface StoredTag {
  topic: string;
  score: number;
  source: TagSourceColumn;
  lexiconScore: number | null;
  classifierScore: number | null;
  /** the words in the story behind the tag */
  evidence: string[];
}

export interface MachineTag {
  topic: string;
  score: number;
  source: 'lexicon' | 'classifier' | 'both';
  lexiconScore: number;
  classifierScore?: number;
  evidence: string[];
}

export interface TagCorrection {
  narrativeId: string;
  topic: string;
  present: boolean;
}

/** The machine's tags with people's corrections applied: a removed tag stays away, an added one is 'human'. */
export function applyCorrections(tags: readonly MachineTag[], corrections: readonly Omit<TagCorrection, 'narrativeId'>[]): StoredTag[] {
  const decided = new Map(corrections.map((c) => [c.topic, c.present]));
  const out: StoredTag[] = tags.filter((t) => decided.get(t.topic) !== false).map((t) => ({
    topic: t.topic, score: t.score, lexiconScore: t.lexiconScore, classifierScore: t.classifierScore ?? null, evidence: t.evidence,
    source: decided.get(t.topic) ? 'human' : t.source,
  }));
  for (const [topic, present] of decided) {
    if (present && !out.some((t) => t.topic === topic)) {
      out.push({ topic, score: 1, source: 'human', lexiconScore: null, classifierScore: null, evidence: [] });
    }
  }
  return out;
}

export async function saveTags(tx: Tx, narrativeId: string, tags: readonly StoredTag[]): Promise<void> {
  await tx.deleteFrom('narrative_tags').where('narrative_id', '=', narrativeId).execute();
  if (tags.length === 0) return;
  await tx.insertInto('narrative_tags').values(tags.map((t) => ({
    narrative_id: narrativeId, topic: t.topic, score: t.score, source: t.source,
    lexicon_score: t.lexiconScore, classifier_score: t.classifierScore, evidence: JSON.stringify(t.evidence),
  }))).execute();
}

export async function tagsOf(db: Reader, narrativeIds: readonly string[]): Promise<Map<string, StoredTag[]>> {
  const out = new Map<string, StoredTag[]>(narrativeIds.map((id) => [id, []]));
  if (narrativeIds.length === 0) return out;
  const rows = await db.selectFrom('narrative_tags').selectAll().where('narrative_id', 'in', narrativeIds)
    .orderBy('score', 'desc').orderBy('topic').execute();
  for (const r of rows) {
    out.get(r.narrative_id)?.push({
      topic: r.topic, score: r.score, source: r.source, lexiconScore: r.lexicon_score, classifierScore: r.classifier_score, evidence: r.evidence,
    });
  }
  return out;
}

export async function correctionsFor(db: Reader, narrativeIds: readonly string[]): Promise<TagCorrection[]> {
  if (narrativeIds.length === 0) return [];
  const rows = await db.selectFrom('tag_corrections').select(['narrative_id', 'topic', 'present'])
    .where('narrative_id', 'in', narrativeIds).orderBy('narrative_id').orderBy('topic').execute();
  return rows.map((r) => ({ narrativeId: r.narrative_id, topic: r.topic, present: r.present }));
}

export async function allCorrections(db: Reader): Promise<TagCorrection[]> {
  const rows = await db.selectFrom('tag_corrections').select(['narrative_id', 'topic', 'present'])
    .orderBy('narrative_id').orderBy('topic').execute();
  return rows.map((r) => ({ narrativeId: r.narrative_id, topic: r.topic, present: r.present }));
}

/** Corrections arriving within this window lead to one retraining, at its end. */
export const RETRAIN_DEBOUNCE_MS = 2 * 60_000;

/**
 * A reviewer says a topic does (or does not) belong to a story. Stored (the latest decision per
 * story and topic counts), applied to the story's tags at once, and the classifier is retrained
 * shortly after, so tagging learns from it.
 */
export async function recordTagCorrection(db: DB, narrativeId: string, topic: string, present: boolean, actor: string, now = new Date()): Promise<void> {
  if (!actor.trim()) throw errors.invalid({ actor: 'Onbekend wie dit doet.' });
  await ensureFrameworkSeeded(db);
  await db.transaction().execute(async (tx) => {
    const story = await tx.selectFrom('narratives').select('id').where('id', '=', narrativeId).forShare().executeTakeFirst();
    if (!story) throw errors.invalid({ narrativeId: 'Dit verhaal bestaat niet (meer).' });
    if (!(await topicExists(tx, topic))) throw errors.invalid({ topic: 'Dit onderwerp bestaat niet.' });
    await tx.insertInto('tag_corrections').values({ narrative_id: narrativeId, topic, present, actor, at: now })
      .onConflict((oc) => oc.columns(['narrative_id', 'topic']).doUpdateSet({ present, actor, at: now })).execute();
    if (present) {
      await tx.insertInto('narrative_tags').values({
        narrative_id: narrativeId, topic, score: 1, source: 'human', lexicon_score: null, classifier_score: null, evidence: '[]',
      }).onConflict((oc) => oc.columns(['narrative_id', 'topic']).doUpdateSet({ source: 'human' })).execute();
    } else {
      await tx.deleteFrom('narrative_tags').where('narrative_id', '=', narrativeId).where('topic', '=', topic).execute();
    }
    const windowEnd = Math.ceil((now.getTime() + 1) / RETRAIN_DEBOUNCE_MS) * RETRAIN_DEBOUNCE_MS;
    await enqueue(tx, 'tags.retrain', {}, { dedupeKey: `tags.retrain:${windowEnd}`, runAfter: new Date(windowEnd) });
  });
}

// ---- the learnt classifier

export interface StoredClassifier {
  version: number;
  trainedAt: Date;
  examples: number;
  correctionsDigest: string;
  /** as written by signals/classifier.ts serializeClassifier */
  weights: Record<string, unknown>;
}

export async function latestClassifierVersion(
  db: Reader,
): Promise<{ version: number; correctionsDigest: string; trainedAt: Date; examples: number } | undefined> {
  const row = await db.selectFrom('tag_classifier').select(['version', 'corrections_digest', 'trained_at', 'examples'])
    .orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row && { version: Number(row.version), correctionsDigest: row.corrections_digest, trainedAt: row.trained_at, examples: row.examples };
}

export async function classifierByVersion(db: Reader, version: number): Promise<StoredClassifier | undefined> {
  const row = await db.selectFrom('tag_classifier').selectAll().where('version', '=', version).executeTakeFirst();
  return row && { version: Number(row.version), trainedAt: row.trained_at, examples: row.examples, correctionsDigest: row.corrections_digest, weights: row.weights };
}

const KEEP_CLASSIFIERS = 3;

/** Stores a new classifier; the last few are kept to compare. */
export async function saveClassifier(db: DB, c: { examples: number; correctionsDigest: string; weightsJson: string }): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('tag_classifier')
      .values({ examples: c.examples, corrections_digest: c.correctionsDigest, weights: c.weightsJson }).returning('version').executeTakeFirstOrThrow();
    await sql`delete from tag_classifier where version not in (
      select version from tag_classifier order by version desc limit ${KEEP_CLASSIFIERS})`.execute(tx);
    return Number(row.version);
  });
}
