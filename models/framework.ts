import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { DB } from './db.ts';
import { AppError, errors } from '../lib/errors.ts';
import { frameworkTopicSchema, type Framework, type FrameworkTopic } from '../workers/pipelines/signals/schemas.ts';
import { frameworkSeed } from '../workers/pipelines/signals/seeds.ts';

/**
 * The topic framework in the database: seeded from signals/framework-topics.json, editable by
 * admins. A topic an admin changed is theirs (`customized`); the others follow the seed as it
 * improves with new releases.
 */
export interface StoredFrameworkTopic extends FrameworkTopic {
  active: boolean;
  customized: boolean;
  updatedAt: Date;
  updatedBy: string | null;
}

type Executor = Pick<DB, 'selectFrom' | 'insertInto' | 'updateTable'>;

const seeded = new WeakMap<object, Promise<void>>();

interface TopicRow { key: string; label: string; description: string; lexicon: unknown; settings: Record<string, unknown> }

/** A topic's named columns, and everything else the framework schema knows (own threshold, tones) as settings. */
function toColumns(topic: FrameworkTopic) {
  const { key: _key, label, description, lexicon, ...settings } = topic;
  return { label, description, lexicon: JSON.stringify(lexicon), settings: JSON.stringify(settings) };
}

function fromRow(row: TopicRow): FrameworkTopic {
  return frameworkTopicSchema.parse({ ...row.settings, key: row.key, label: row.label, description: row.description, lexicon: row.lexicon });
}

/** Both sides go through the schema first: jsonb gives keys back in its own order. */
function fingerprint(topic: FrameworkTopic, sort: number): string {
  return createHash('sha256').update(JSON.stringify([frameworkTopicSchema.parse(topic), sort])).digest('hex');
}

const topicColumns = ['key', 'label', 'description', 'lexicon', 'settings'] as const;

/** Brings the seed topics in: new ones added, unedited ones updated, dropped ones switched off. */
export async function syncFrameworkSeed(db: DB, seed: Framework = frameworkSeed()): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const stored = new Map((await tx.selectFrom('framework_topics').select([...topicColumns, 'sort', 'active', 'customized'])
      .forUpdate().execute()).map((row) => [row.key, row]));
    const inSeed = new Set<string>();
    for (const [sort, topic] of seed.topics.entries()) {
      inSeed.add(topic.key);
      const row = stored.get(topic.key);
      const values = { ...toColumns(topic), sort };
      if (!row) await tx.insertInto('framework_topics').values({ key: topic.key, ...values, active: true, customized: false, updated_by: null }).execute();
      else if (!row.customized && (!row.active || fingerprint(fromRow(row), row.sort) !== fingerprint(topic, sort))) {
        await tx.updateTable('framework_topics').set({ ...values, active: true, updated_at: new Date() }).where('key', '=', topic.key).execute();
      }
    }
    const dropped = [...stored.values()].filter((row) => !row.customized && row.active && !inSeed.has(row.key)).map((row) => row.key);
    if (dropped.length) await tx.updateTable('framework_topics').set({ active: false, updated_at: new Date() }).where('key', 'in', dropped).execute();
  });
}

/**
 * Syncs the seed once per database handle, so a process that starts on an older database picks
 * up lexicon improvements without a manual step.
 */
export async function ensureFrameworkSeeded(db: DB): Promise<void> {
  let sync = seeded.get(db);
  if (!sync) {
    sync = syncFrameworkSeed(db);
    seeded.set(db, sync);
    sync.catch(() => seeded.delete(db));
  }
  await sync;
}

/** The active framework as the pipelines take it. */
export async function loadFramework(db: DB): Promise<Framework> {
  await ensureFrameworkSeeded(db);
  const rows = await db.selectFrom('framework_topics').select(topicColumns)
    .where('active', '=', true).orderBy('sort').orderBy('key').execute();
  const seed = frameworkSeed();
  return { ...seed, topics: rows.map(fromRow) };
}

export async function listFrameworkTopics(db: DB): Promise<StoredFrameworkTopic[]> {
  await ensureFrameworkSeeded(db);
  const rows = await db.selectFrom('framework_topics').selectAll().orderBy('sort').orderBy('key').execute();
  return rows.map((row) => ({
    ...fromRow(row), active: row.active, customized: row.customized, updatedAt: row.updated_at, updatedBy: row.updated_by,
  }));
}

export async function topicExists(db: Executor, key: string): Promise<boolean> {
  return !!(await db.selectFrom('framework_topics').select('key').where('key', '=', key).executeTakeFirst());
}

const topicEditSchema = frameworkTopicSchema.omit({ key: true }).partial().extend({ active: z.boolean().optional() });
export type TopicEdit = z.infer<typeof topicEditSchema>;

/** An admin's change to one topic (label, description, lexicon, settings, on/off); from then on the seed leaves it alone. */
export async function updateFrameworkTopic(db: DB, key: string, edit: TopicEdit, actor: string): Promise<void> {
  const parsed = topicEditSchema.safeParse(edit);
  if (!parsed.success) throw errors.invalid(fieldErrors(parsed.error));
  await ensureFrameworkSeeded(db);
  await db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('framework_topics').select(topicColumns).where('key', '=', key).forUpdate().executeTakeFirst();
    if (!row) throw topicNotFound();
    const { active, ...changes } = parsed.data;
    const topic = frameworkTopicSchema.parse({ ...fromRow(row), ...changes });
    await tx.updateTable('framework_topics')
      .set({ ...toColumns(topic), ...(active === undefined ? {} : { active }), customized: true, updated_at: new Date(), updated_by: actor })
      .where('key', '=', key).execute();
  });
}

/** A new topic an admin adds to the framework; tagged from the next analysis on. */
export async function addFrameworkTopic(db: DB, topic: FrameworkTopic, actor: string): Promise<void> {
  const parsed = frameworkTopicSchema.safeParse(topic);
  if (!parsed.success) throw errors.invalid(fieldErrors(parsed.error));
  await ensureFrameworkSeeded(db);
  const max = await db.selectFrom('framework_topics').select((eb) => eb.fn.max('sort').as('sort')).executeTakeFirst();
  const added = await db.insertInto('framework_topics')
    .values({ key: parsed.data.key, ...toColumns(parsed.data), sort: (max?.sort ?? 0) + 1, active: true, customized: true, updated_by: actor })
    .onConflict((oc) => oc.column('key').doNothing()).returning('key').executeTakeFirst();
  if (!added) throw errors.invalid({ key: 'Er is al een onderwerp met deze sleutel.' });
}

function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[issue.path.join('.') || 'topic'] ??= `Klopt niet: ${issue.message}`;
  return fields;
}

function topicNotFound(): AppError {
  return new AppError(404, 'topic_not_found', 'Dit onderwerp bestaat niet.');
}
