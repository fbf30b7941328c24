/**
 * `themes.recluster`: fits the representation over all stories, discovers themes, matches them
 * to the previous ones (so ids, names and follow-ups survive), replays people's curation, and
 * stores the new state with the run's figures. Runs after every RECLUSTER_EVERY new stories,
 * every night, and on demand (`npm run themes:recluster`).
 */
import type { DB } from '../../models/db.ts';
import { loadFramework } from '../../models/framework.ts';
import { enqueue, liveWorkers } from '../../models/jobs.ts';
import { countNarratives, textsForAnalysis } from '../../models/narratives.ts';
import { humanPlacements, operationsFrom, planState, writeState } from '../../models/theme-state.ts';
import {
  activeThemes, allNarrativeIds, curationLog, machineThemes, replaceMachineMembers, deleteModelsExcept, listRuns, narrativesWithoutVector,
  recordRun, saveThemeModel, saveVectors, textHash, withThemeLock,
} from '../../models/themes.ts';
import type { Logger } from '../../lib/logger.ts';
import { applyCuration } from '../pipelines/themes/curation.ts';
import { matchRuns, type ThemeChange } from '../pipelines/themes/match.ts';
import type { StoryText } from '../pipelines/themes/pipeline.ts';
import { positionOf, type ThemeContext } from '../pipelines/themes/run.ts';
import { centroidOf, row } from '../pipelines/themes/vectors.ts';
import type { JobHandler } from '../runner.ts';
import { createThemeEngine, type ThemeEngine, type ThemeEngineOptions } from './theme-engine.ts';

export const RECLUSTER_KIND = 'themes.recluster';
/** Below this, themes say nothing yet: stories wait without a theme. */
export const MIN_STORIES_FOR_THEMES = 20;
/** The nightly run starts at this local hour. */
const NIGHTLY_HOUR = 3;
const TEXT_BATCH = 1000;

export interface RunStats {
  stories: number;
  themes: number;
  unassigned: number;
  unassignedShare: number;
  kept: number;
  new: number;
  gone: number;
  splits: number;
  merges: number;
  /** curation operations that no longer applied (a rename of a theme that is gone) */
  skippedCurations: number;
  backend: string;
  modelVersion: string;
  /** fit: representation and clustering (in the theme thread) */
  durationsMs: { load: number; fit: number; match: number; store: number; total: number };
}

export type ReclusterResult =
  | { kind: 'skipped'; reason: string }
  | { kind: 'done'; runId: number; stats: RunStats };

export interface ReclusterDeps {
  db: DB;
  engine: ThemeEngine;
}

export async function reclusterThemes({ db, engine }: ReclusterDeps, trigger: string): Promise<ReclusterResult> {
  const startedAt = new Date();
  const clock = stopwatch();
  const stories = await loadStories(db);
  if (stories.length < MIN_STORIES_FOR_THEMES) {
    return { kind: 'skipped', reason: `pas ${stories.length} verhalen; thema’s komen vanaf ${MIN_STORIES_FOR_THEMES}` };
  }
  const framework = await loadFramework(db);
  const load = clock();
  const fitted = await engine.fit(stories, framework);
  const { context, run } = fitted;
  const fit = clock();
  // Matched to the machine's previous themes, not the curated ones: a theme people merged away
  // is found again under its own id, and the replayed merge then folds it in once more. Earlier
  // centroids live in an earlier model's space, so themes are compared by their stories' new vectors.
  const previous = (await machineThemes(db)).map((theme) => ({ ...theme, centroid: centroidIn(context, theme.memberIds) }));
  const matched = matchRuns(previous, run);
  const match = clock();

  const hashes = new Map(stories.map((s) => [s.id, textHash(s.text)]));
  const stored = await withThemeLock(db, async (tx) => {
    const latest = (await listRuns(tx, 1))[0];
    if (latest && latest.startedAt > startedAt) return null;
    const log = operationsFrom(await curationLog(tx));
    const { run: curated, skipped } = applyCuration(matched.run, log, context);
    const plan = planState({
      after: curated,
      context,
      previousIds: (await activeThemes(tx, { members: false })).map((t) => t.id),
      mergedInto: mergeTargets(matched.changes, log),
      placements: humanPlacements(log),
      sources: new Map(),
    });
    const { version } = fitted.model;
    await saveThemeModel(tx, fitted.model);
    await saveVectors(tx, version, context.ids.map((id, i) => ({
      narrativeId: id, vector: row(context.vectors, i), keywordTerms: Array.from(context.keywords.storyTerms[i]!), textHash: hashes.get(id)!,
    })));
    await writeState(tx, version, plan);
    await replaceMachineMembers(tx, matched.run.themes.flatMap((t) => t.memberIds.map((narrativeId) => ({ narrativeId, themeId: t.id }))));
    await deleteModelsExcept(tx, version);
    const count = (kind: ThemeChange['kind']) => matched.changes.filter((c) => c.kind === kind).length;
    const stats: RunStats = {
      stories: context.ids.length,
      themes: curated.themes.length,
      unassigned: curated.unassignedIds.length,
      unassignedShare: round(curated.unassignedIds.length / context.ids.length),
      kept: count('kept'), new: count('new'), gone: count('gone'), splits: count('split'), merges: count('merge'),
      skippedCurations: skipped.length,
      backend: fitted.model.backend,
      modelVersion: version,
      durationsMs: { load, fit, match, store: 0, total: 0 },
    };
    stats.durationsMs.store = clock();
    stats.durationsMs.total = Date.now() - startedAt.getTime();
    const runId = await recordRun(tx, { startedAt, trigger, modelVersion: version, stats: { ...stats } });
    return { runId, stats };
  });
  if (!stored) return { kind: 'skipped', reason: 'een nieuwere indeling was al klaar' };
  // Stories that arrived while this run was computing still need a vector of the new model.
  for (const narrativeId of await narrativesWithoutVector(db, stored.stats.modelVersion)) {
    await enqueue(db, 'narrative.analyze', { narrativeId }, { dedupeKey: `narrative.analyze:${narrativeId}:${stored.stats.modelVersion}` });
  }
  return { kind: 'done', ...stored };
}

async function loadStories(db: DB): Promise<StoryText[]> {
  const ids = await allNarrativeIds(db);
  const stories: StoryText[] = [];
  for (let start = 0; start < ids.length; start += TEXT_BATCH) {
    const texts = await textsForAnalysis(db, ids.slice(start, start + TEXT_BATCH));
    for (const [id, text] of texts) stories.push({ id, text });
  }
  return stories;
}

function centroidIn(context: ThemeContext, memberIds: readonly string[]): Float32Array {
  return centroidOf(context.vectors, memberIds.filter((id) => context.position.has(id)).map((id) => positionOf(context, id)));
}

/** Where themes that disappeared went: into the theme the run merged them into, or the one people merged them into. */
function mergeTargets(changes: readonly ThemeChange[], log: ReturnType<typeof operationsFrom>): Map<string, string> {
  const targets = new Map<string, string>();
  for (const change of changes) if (change.kind === 'merge') for (const from of change.from) if (from !== change.into) targets.set(from, change.into);
  for (const op of log) if (op.type === 'merge') for (const from of op.themeIds) if (from !== op.into) targets.set(from, op.into);
  return targets;
}

function stopwatch(): () => number {
  let last = Date.now();
  return () => {
    const now = Date.now();
    const elapsed = now - last;
    last = now;
    return elapsed;
  };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/**
 * After a story is analysed: the first run once there are enough stories, a new run after every
 * `reclusterEvery` new stories (0 = only nightly and on demand), and tonight's run.
 */
export async function scheduleThemeWork(db: DB, reclusterEvery: number, now = new Date()): Promise<void> {
  const [latest] = await listRuns(db, 1);
  const stories = await countNarratives(db);
  if (!latest) {
    if (stories >= MIN_STORIES_FOR_THEMES) {
      await enqueue(db, RECLUSTER_KIND, { trigger: 'first' }, { dedupeKey: `${RECLUSTER_KIND}:first:${Math.floor(stories / MIN_STORIES_FOR_THEMES)}` });
    }
  } else if (reclusterEvery > 0 && stories - Number(latest.stats.stories ?? 0) >= reclusterEvery) {
    // Counted against the last run's stories, not by date: imported stories may carry older dates.
    await enqueue(db, RECLUSTER_KIND, { trigger: 'new-stories' }, { dedupeKey: `${RECLUSTER_KIND}:after-run:${latest.id}` });
  }
  await scheduleNightlyRecluster(db, now);
}

/** Tonight's run (one per night, whoever schedules it). */
export async function scheduleNightlyRecluster(db: DB, now = new Date()): Promise<void> {
  const at = new Date(now);
  at.setHours(NIGHTLY_HOUR, 0, 0, 0);
  if (at <= now) at.setDate(at.getDate() + 1);
  const day = `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
  await enqueue(db, RECLUSTER_KIND, { trigger: 'nightly' }, { dedupeKey: `${RECLUSTER_KIND}:nightly:${day}`, runAfter: at, maxAttempts: 3 });
}

/**
 * On demand (the admin command): a running worker takes it from the queue; with no worker
 * running (the app is stopped), it runs here and now. Returns the Dutch line to print.
 */
export async function reclusterOnDemand(db: DB, models: ThemeEngineOptions['models']): Promise<string> {
  if ((await liveWorkers(db, 30_000)).length > 0) {
    const tenSeconds = Math.floor(Date.now() / 10_000);
    await enqueue(db, RECLUSTER_KIND, { trigger: 'manual' }, { dedupeKey: `${RECLUSTER_KIND}:manual:${tenSeconds}` });
    return 'Opnieuw indelen staat klaar; de worker begint er zo aan. De uitkomst staat in het logboek en bij de thema-runs.';
  }
  const engine = createThemeEngine({ models });
  try {
    return describeResult(await reclusterThemes({ db, engine }, 'manual'));
  } finally {
    await engine.close();
  }
}

function describeResult(result: ReclusterResult): string {
  if (result.kind === 'skipped') return `Niet opnieuw ingedeeld: ${result.reason}.`;
  const s = result.stats;
  const percent = (s.unassignedShare * 100).toLocaleString('nl-NL', { maximumFractionDigits: 1 });
  return [
    `Thema’s opnieuw ingedeeld (${s.backend}): ${s.stories} verhalen in ${s.themes} thema’s, ${percent}% niet ingedeeld, in ${(s.durationsMs.total / 1000).toLocaleString('nl-NL', { maximumFractionDigits: 1 })} s.`,
    `${s.kept} thema’s behouden, ${s.new} nieuw, ${s.gone} verdwenen; ${s.splits} gesplitst, ${s.merges} samengevoegd.`,
  ].join('\n');
}

export function reclusterThemesJob(deps: ReclusterDeps): JobHandler {
  return {
    kind: RECLUSTER_KIND,
    concurrency: 1,
    // Clustering holds the event loop for a while on large collections, so the lease cannot be renewed meanwhile.
    leaseMs: 30 * 60_000,
    async handle({ job, log }) {
      const trigger = typeof job.payload.trigger === 'string' ? job.payload.trigger : 'manual';
      const result = await reclusterThemes(deps, trigger);
      logResult(log, trigger, result);
      if (trigger === 'nightly') await enqueue(deps.db, 'tags.retrain', {}, { dedupeKey: `tags.retrain:nightly:${new Date().toISOString().slice(0, 10)}` });
      await scheduleNightlyRecluster(deps.db);
    },
  };
}

function logResult(log: Logger, trigger: string, result: ReclusterResult): void {
  if (result.kind === 'skipped') log.info({ trigger, reason: result.reason }, 'theme run skipped');
  else log.info({ trigger, run: result.runId, ...result.stats }, 'themes re-clustered');
}
