/**
 * `narrative.analyze`: reads one story (text, additions, transcripts, image text) and stores
 * what the machine makes of it: its vector under the current theme model and its place in the
 * nearest theme (when close enough), topic tags with reviewers' corrections applied, tone, and
 * the safety flag. Runs on submission and on every addition; idempotent; a withdrawn story is a
 * no-op.
 */
import type { DB } from '../../models/db.ts';
import { loadFramework } from '../../models/framework.ts';
import { textsForAnalysis } from '../../models/narratives.ts';
import { saveSignals } from '../../models/signals.ts';
import { applyCorrections, correctionsFor, saveTags } from '../../models/tags.ts';
import {
  activeThemes, currentThemeModelInfo, membershipsOf, movedOutByPerson, saveVectors, setMachineMembership, setMembership, textHash, vectorStamp, withThemeLock, type Tx,
} from '../../models/themes.ts';
import { readSignals } from '../pipelines/signals/signals.ts';
import { labelledNeighbours } from '../pipelines/signals/tagger.ts';
import { tagSeed, urgencySeed } from '../pipelines/signals/seeds.ts';
import { assignVector } from '../pipelines/themes/assign.ts';
import { PermanentJobError, type JobHandler } from '../runner.ts';
import { scheduleThemeWork } from './recluster-themes.ts';
import { enqueueRedaction } from './redact-narrative.ts';
import type { Projector, StoryProjection, ThemeEngine } from './theme-engine.ts';

export const ANALYZE_KIND = 'narrative.analyze';

export interface AnalysisDeps {
  db: DB;
  engine: ThemeEngine;
}

export type AnalysisOutcome =
  | { kind: 'gone' }
  | { kind: 'analyzed'; modelVersion: string | null; themeId: string | null; tags: string[]; safetyFlag: boolean };

/** A run that replaces the model between reading and writing makes the vector useless: read again. */
const MODEL_RACE_ATTEMPTS = 3;

export async function analyzeNarrative({ db, engine }: AnalysisDeps, narrativeId: string): Promise<AnalysisOutcome> {
  const text = (await textsForAnalysis(db, [narrativeId])).get(narrativeId);
  if (text === undefined) return { kind: 'gone' };
  const framework = engine.compiledFramework(await loadFramework(db));
  // The learnt urgency model sits next to the alarm words: danger told without them still reaches a
  // human (recall over precision; its flags say they were learnt, so a reviewer can weigh them).
  // Until reviewers have corrected a tag, the classifier learnt from the labelled stories tags next
  // to the lexicons; the most similar labelled stories vote too.
  const classifier = (await engine.classifier(db)) ?? tagSeed();
  const signals = readSignals(text, { framework, classifier, neighbours: labelledNeighbours(), urgencyModel: urgencySeed() });

  const hash = textHash(text);
  for (let attempt = 0; attempt < MODEL_RACE_ATTEMPTS; attempt++) {
    const info = await currentThemeModelInfo(db);
    const stamp = info && await vectorStamp(db, narrativeId);
    // This very text was placed under this model already (by the run, or an earlier analysis): that place stands.
    const unchanged = !!info && stamp?.modelVersion === info.version && stamp.textHash === hash;
    const projector: Projector | null = info && !unchanged ? await engine.projector(db, info) : null;
    const projection = projector ? await projector.project(text) : null;
    const outcome = await withThemeLock(db, async (tx): Promise<AnalysisOutcome | 'model changed'> => {
      const story = await tx.selectFrom('narratives').select('id').where('id', '=', narrativeId).forShare().executeTakeFirst();
      if (!story) return { kind: 'gone' };
      if ((await currentThemeModelInfo(tx))?.version !== info?.version) return 'model changed';
      const themeId = unchanged ? (await membershipsOf(tx, [narrativeId])).get(narrativeId)?.themeId ?? null
        : projector && projection ? await place(tx, narrativeId, projector.version, { ...projection, textHash: hash }, info!.floor) : null;
      const tags = applyCorrections(signals.tags, await correctionsFor(tx, [narrativeId]));
      await saveTags(tx, narrativeId, tags);
      await saveSignals(tx, {
        narrativeId,
        tone: signals.tone.tone,
        toneScore: signals.tone.balance,
        toneEvidence: signals.tone.evidence.map((e) => ({ text: e.text, value: Math.round(e.value * 1000) / 1000 })),
        safetyFlag: signals.safety.urgent,
        safetyReasons: signals.safety.reasons,
      });
      return { kind: 'analyzed', modelVersion: unchanged || projector ? info!.version : null, themeId, tags: tags.map((t) => t.topic), safetyFlag: signals.safety.urgent };
    });
    if (outcome !== 'model changed') return outcome;
  }
  throw new Error('Het themamodel veranderde steeds tijdens de analyse; later opnieuw geprobeerd.');
}

/**
 * Stores the vector and gives the story a theme: where a person put it, it stays (also in
 * "niet ingedeeld"); a story in a locked theme stays; otherwise the nearest theme above the floor.
 * The machine's own choice is kept apart either way (the next run is matched to it).
 */
async function place(tx: Tx, narrativeId: string, modelVersion: string, projection: StoryProjection & { textHash: string }, floor: number): Promise<string | null> {
  await saveVectors(tx, modelVersion, [{ narrativeId, ...projection }]);
  const themes = (await activeThemes(tx, { members: false })).filter((t) => t.centroid && t.modelVersion === modelVersion);
  const assignment = assignVector(projection.vector, themes.map((t) => ({ id: t.id, centroid: t.centroid! })), floor);
  await setMachineMembership(tx, narrativeId, assignment.themeId);
  const current = (await membershipsOf(tx, [narrativeId])).get(narrativeId);
  const currentTheme = current && themes.find((t) => t.id === current.themeId);
  if (current && (current.source === 'human' || currentTheme?.locked)) return current.themeId;
  if (!current && (await movedOutByPerson(tx, narrativeId))) return null;
  const source = current && current.themeId === assignment.themeId ? current.source : 'assigned';
  await setMembership(tx, narrativeId, assignment.themeId ? { themeId: assignment.themeId, similarity: assignment.similarity, source } : null);
  return assignment.themeId;
}

export function analyzeNarrativeJob(deps: AnalysisDeps & { reclusterEvery: number }): JobHandler {
  return {
    kind: ANALYZE_KIND,
    concurrency: 2,
    async handle({ job, log }) {
      const narrativeId = job.payload.narrativeId;
      if (typeof narrativeId !== 'string' || !narrativeId) throw new PermanentJobError('narrativeId ontbreekt in de opdracht');
      const outcome = await analyzeNarrative(deps, narrativeId);
      if (outcome.kind === 'gone') {
        log.info('story withdrawn before analysis; nothing to do');
        return;
      }
      log.info({ theme: outcome.themeId, tags: outcome.tags.length, safety: outcome.safetyFlag }, 'story analysed');
      // Whatever changed the story's texts led here, so redaction follows from here too.
      await enqueueRedaction(deps.db, narrativeId);
      await scheduleThemeWork(deps.db, deps.reclusterEvery);
    },
  };
}
