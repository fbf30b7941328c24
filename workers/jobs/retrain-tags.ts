/**
 * `tags.retrain`: learns the tag classifier again from the labelled stories and all reviewers'
 * corrections, so tagging improves with use (about 3–5 s on 2 cores, mostly the labelled stories).
 * Corrections arriving close together lead to one retraining (see recordTagCorrection); a night
 * run retrains too when corrections disappeared with withdrawn stories, so what the classifier
 * learnt from them goes as well, or when an admin edited the framework. Nothing changed: nothing
 * to do.
 */
import { createHash } from 'node:crypto';
import type { DB } from '../../models/db.ts';
import { listFrameworkTopics, loadFramework } from '../../models/framework.ts';
import { textsForAnalysis } from '../../models/narratives.ts';
import { allCorrections, latestClassifierVersion, saveClassifier } from '../../models/tags.ts';
import { serializeClassifier } from '../pipelines/signals/classifier.ts';
import { learnWithLabelledStories, type Correction } from '../pipelines/signals/tagger.ts';
import type { JobHandler } from '../runner.ts';
import type { ThemeEngine } from './theme-engine.ts';

export const RETRAIN_KIND = 'tags.retrain';
const TEXT_BATCH = 1000;

export type RetrainResult = { kind: 'unchanged' } | { kind: 'trained'; version: number; examples: number };

export async function retrainTags({ db, engine }: { db: DB; engine: ThemeEngine }): Promise<RetrainResult> {
  const corrections = await allCorrections(db);
  const framework = await loadFramework(db);
  // The framework is part of what was learnt: lexicon scores and terms are features.
  const digest = createHash('sha256').update(JSON.stringify(framework)).update('\n')
    .update(corrections.map((c) => `${c.narrativeId}\t${c.topic}\t${c.present ? 1 : 0}`).join('\n')).digest('hex');
  const latest = await latestClassifierVersion(db);
  // With no corrections and the framework as shipped, the shipped seed is exactly what would be learnt.
  const asShipped = async () => corrections.length === 0 && !(await listFrameworkTopics(db)).some((topic) => topic.customized);
  if (latest ? latest.correctionsDigest === digest : await asShipped()) return { kind: 'unchanged' };

  const ids = [...new Set(corrections.map((c) => c.narrativeId))];
  const texts = new Map<string, string>();
  for (let start = 0; start < ids.length; start += TEXT_BATCH) {
    for (const [id, text] of await textsForAnalysis(db, ids.slice(start, start + TEXT_BATCH))) texts.set(id, text);
  }
  const examples: Correction[] = corrections.filter((c) => texts.has(c.narrativeId))
    .map((c) => ({ text: texts.get(c.narrativeId)!, topic: c.topic, present: c.present }));
  const classifier = learnWithLabelledStories(examples, engine.compiledFramework(framework));
  const version = await saveClassifier(db, { examples: examples.length, correctionsDigest: digest, weightsJson: serializeClassifier(classifier) });
  return { kind: 'trained', version, examples: examples.length };
}

export function retrainTagsJob(deps: { db: DB; engine: ThemeEngine }): JobHandler {
  return {
    kind: RETRAIN_KIND,
    concurrency: 1,
    async handle({ log }) {
      const result = await retrainTags(deps);
      log.info(result, result.kind === 'trained' ? 'tag classifier retrained' : 'tag classifier unchanged');
    },
  };
}
