/**
 * The database side of themes on a composed corpus (scripts/generate-corpus.ts): the full
 * re-clustering job (load texts, fit, cluster, match, replay, store vectors and themes), the
 * curation commands, the analysis of one new story, and the theme views.
 *
 *   node --import tsx scripts/bench-theme-views.ts [--count 10000] [--url postgres://…]
 *
 * Uses a scratch database on the PostgreSQL server in --url (default TEST_DATABASE_URL), dropped
 * afterwards; without a server it runs on in-memory PGlite. Prints one figure per line,
 * `NAME: value`; times are medians of 5 calls unless said otherwise.
 */
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../models/db.ts';
import { syncReferenceData } from '../models/reference.ts';
import { SHARER_ROLES } from '../models/schema.ts';
import { mergeThemes, moveNarrative, renameTheme, splitTheme } from '../models/theme-curation.ts';
import { providerThemeMix, themeShares, themeTrend } from '../models/theme-views.ts';
import { listThemes, membersOfThemes } from '../models/themes.ts';
import { analyzeNarrative } from '../workers/jobs/analyze-narrative.ts';
import { reclusterThemes } from '../workers/jobs/recluster-themes.ts';
import { createThemeEngine } from '../workers/jobs/theme-engine.ts';
import { generateCorpus } from './generate-corpus.ts';
import { freshPostgres } from './lib/bench-server.ts';

const { values } = parseArgs({ options: { count: { type: 'string', default: '10000' }, url: { type: 'string' } } });
const count = Number(values.count);
const serverUrl = values.url ?? process.env.TEST_DATABASE_URL;
const PROVIDERS = 40;

async function scratchDatabase(): Promise<DatabaseHandle> {
  if (!serverUrl) return openDatabase({ pgliteDir: 'memory://' });
  const scratch = await freshPostgres(serverUrl, `gehoord_bench_${crypto.randomBytes(4).toString('hex')}`);
  const handle = await openDatabase({ databaseUrl: scratch.url });
  return { ...handle, close: async () => { await handle.close(); await scratch.drop(); } };
}

async function seed(handle: DatabaseHandle): Promise<void> {
  const { db } = handle;
  await syncReferenceData(db);
  const municipalities = (await db.selectFrom('municipalities').select('code').orderBy('code').execute()).map((m) => m.code);
  const providers: string[] = [];
  for (let i = 0; i < PROVIDERS; i++) {
    const row = await db.insertInto('providers').values({ name: `Bench aanbieder ${i}` }).returning('id').executeTakeFirstOrThrow();
    providers.push(row.id);
  }
  const stories = generateCorpus(count, 7);
  for (let start = 0; start < stories.length; start += 1000) {
    await db.insertInto('narratives').values(stories.slice(start, start + 1000).map((story, j) => {
      const i = start + j;
      return {
        sharer_role: SHARER_ROLES[i % SHARER_ROLES.length]!, age_band: '12-15' as const,
        municipality_code: municipalities[(i * 7) % municipalities.length]!, provider_id: providers[i % PROVIDERS]!,
        care_type: null, text: story.text, feeling: null, consent: 'reviewers' as const, contact_cipher: null, urgent: false,
        child_mode: false, receipt_bucket: i % 65536, receipt_hash: 'bench', idempotency_key: null, request_fingerprint: null,
        created_at: new Date(Date.UTC(2024, i % 24, 1 + (i % 28), 12)),
      };
    })).execute();
  }
}

async function median(run: () => Promise<unknown>, times = 5): Promise<number> {
  const took: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await run();
    took.push(performance.now() - start);
  }
  return took.sort((a, b) => a - b)[Math.floor(times / 2)]!;
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await run();
  return { value, ms: performance.now() - start };
}

async function once(run: () => Promise<unknown>): Promise<number> {
  return (await timed(run)).ms;
}

const ms = (value: number) => `${value.toFixed(0)} ms`;

const handle = await scratchDatabase();
const { db } = handle;
const engine = createThemeEngine({ models: null });
try {
  console.log(`BACKEND: ${handle.backend}`);
  console.log(`STORIES: ${count}`);
  await seed(handle);

  const first = await timed(() => reclusterThemes({ db, engine }, 'bench'));
  if (first.value.kind !== 'done') throw new Error(first.value.reason);
  const d = first.value.stats.durationsMs;
  console.log(`RECLUSTER_FIRST: ${ms(first.ms)} (load ${d.load}, fit ${d.fit}, match ${d.match}, store ${d.store})`);
  console.log(`THEMES: ${first.value.stats.themes}`);
  console.log(`UNASSIGNED: ${first.value.stats.unassignedShare.toFixed(3)}`);
  const again = await timed(() => reclusterThemes({ db, engine }, 'bench'));
  if (again.value.kind !== 'done') throw new Error(again.value.reason);
  console.log(`RECLUSTER_AGAIN: ${ms(again.ms)} (kept ${again.value.stats.kept} of ${again.value.stats.themes} themes)`);

  const themes = await listThemes(db);
  const members = await membersOfThemes(db, [themes[0]!.id, themes[1]!.id]);
  console.log(`CURATION_RENAME: ${ms(await once(() => renameTheme(db, themes[0]!.id, 'Lang wachten', 'bench')))}`);
  console.log(`CURATION_MOVE: ${ms(await once(() => moveNarrative(db, members.get(themes[0]!.id)![0]!.narrativeId, themes[1]!.id, 'bench')))}`);
  console.log(`CURATION_SPLIT: ${ms(await once(() => splitTheme(db, themes[1]!.id, { recluster: true }, 'bench')))}`);
  console.log(`CURATION_MERGE: ${ms(await once(() => mergeThemes(db, [themes[2]!.id, themes[3]!.id], 'bench')))}`);

  const [extra] = generateCorpus(1, 99);
  const row = await db.insertInto('narratives').values({
    sharer_role: 'youth', age_band: '16-17', municipality_code: 'GM0014', provider_id: null, care_type: null, text: extra!.text,
    feeling: null, consent: 'reviewers', contact_cipher: null, urgent: false, child_mode: false, receipt_bucket: 1, receipt_hash: 'bench',
    idempotency_key: null, request_fingerprint: null,
  }).returning('id').executeTakeFirstOrThrow();
  await analyzeNarrative({ db, engine }, row.id);
  console.log(`ANALYZE_NEW_STORY: ${ms(await median(() => analyzeNarrative({ db, engine }, row.id)))}`);

  const provider = (await db.selectFrom('providers').select('id').limit(1).executeTakeFirstOrThrow()).id;
  await sql`analyze`.execute(db);
  console.log(`VIEW_SHARES_ALL: ${ms(await median(() => themeShares(db)))}`);
  console.log(`VIEW_SHARES_PROVIDER: ${ms(await median(() => themeShares(db, { providerIds: [provider] })))}`);
  console.log(`VIEW_SHARES_REGION: ${ms(await median(() => themeShares(db, { regionCodes: ['JZ01', 'JZ02'] })))}`);
  console.log(`VIEW_SHARES_ROLE_PERIOD: ${ms(await median(() => themeShares(db, { sharerRoles: ['child'], from: new Date('2025-01-01'), to: new Date('2025-07-01') })))}`);
  console.log(`VIEW_TREND_MONTH: ${ms(await median(() => themeTrend(db, {}, 'month')))}`);
  console.log(`VIEW_TREND_WEEK_REGION: ${ms(await median(() => themeTrend(db, { regionCodes: ['JZ01'] }, 'week')))}`);
  console.log(`VIEW_PROVIDER_MIX: ${ms(await median(() => providerThemeMix(db, provider)))}`);
} finally {
  await engine.close();
  await handle.close();
}
