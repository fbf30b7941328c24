/**
 * `narrative.redact`: finds personal data in every text of one story (the story, its additions,
 * transcripts, image text and captions) and stores the spans per text, so staff screens show
 * placeholders before anyone reads the story. Texts whose hash is unchanged are skipped; texts the
 * story no longer has lose their row. Idempotent; a withdrawn story is a no-op.
 */
import type { DB } from '../../models/db.ts';
import { enqueue } from '../../models/jobs.ts';
import { detectedHashes, organisationNames, saveDetected, storyTextsOf, type DetectedText } from '../../models/redactions.ts';
import { detectPersonalData } from '../pipelines/redaction/detect.ts';
import { sharedNameLexicon, type NameLexicon } from '../pipelines/redaction/lexicon.ts';
import { redactionTextHash, sourcesHash, storySources } from '../pipelines/redaction/story-texts.ts';
import { PermanentJobError, type JobHandler } from '../runner.ts';

export const REDACT_KIND = 'narrative.redact';

export interface RedactionDeps {
  db: DB;
  /** For tests; by default the name lists are loaded once per process, on first use. */
  lexicon?: () => Promise<NameLexicon>;
}

export type RedactionOutcome =
  | { kind: 'gone' }
  | { kind: 'redacted'; detected: number; unchanged: number; removed: number };

/** The detector indexes organisation names per array; the same names reuse the same array. */
let organisations: { key: string; names: readonly string[] } | undefined;
function sameOrganisations(names: string[]): readonly string[] {
  const key = names.join('\n');
  if (organisations?.key !== key) organisations = { key, names };
  return organisations.names;
}

export async function redactNarrative(deps: RedactionDeps, narrativeId: string): Promise<RedactionOutcome> {
  const { db } = deps;
  const story = (await storyTextsOf(db, [narrativeId])).get(narrativeId);
  if (!story) return { kind: 'gone' };
  const sources = storySources(story);
  const stored = await detectedHashes(db, narrativeId);
  const changed = sources.filter((s) => stored.get(s.source) !== redactionTextHash(s.text));
  const current = new Set(sources.map((s) => s.source));
  const removed = [...stored.keys()].filter((source) => !current.has(source)).length;
  if (changed.length === 0 && removed === 0) return { kind: 'redacted', detected: 0, unchanged: sources.length, removed: 0 };

  const lexicon = await (deps.lexicon ?? sharedNameLexicon)();
  const options = { organisations: sameOrganisations(await organisationNames(db)) };
  const rows: DetectedText[] = changed.map((s) => ({
    source: s.source,
    textHash: redactionTextHash(s.text),
    spans: detectPersonalData(s.text, lexicon, options),
  }));
  if (!(await saveDetected(db, narrativeId, rows, [...current]))) return { kind: 'gone' };
  return { kind: 'redacted', detected: rows.length, unchanged: sources.length - rows.length, removed };
}

/**
 * Queues redaction for a story's current texts. The key holds a hash of the texts, so analysing
 * the same texts again (after re-clustering, say) adds no job, while any changed text does.
 */
export async function enqueueRedaction(db: DB, narrativeId: string): Promise<void> {
  const story = (await storyTextsOf(db, [narrativeId])).get(narrativeId);
  if (!story) return;
  const hash = sourcesHash(storySources(story));
  await enqueue(db, REDACT_KIND, { narrativeId }, { dedupeKey: `${REDACT_KIND}:${narrativeId}:${hash}` });
}

export function redactNarrativeJob(deps: RedactionDeps): JobHandler {
  return {
    kind: REDACT_KIND,
    concurrency: 1,
    async handle({ job, log }) {
      const narrativeId = job.payload.narrativeId;
      if (typeof narrativeId !== 'string' || !narrativeId) throw new PermanentJobError('narrativeId ontbreekt in de opdracht');
      const outcome = await redactNarrative(deps, narrativeId);
      if (outcome.kind === 'gone') {
        log.info('story withdrawn before redaction; nothing to do');
        return;
      }
      log.info({ detected: outcome.detected, unchanged: outcome.unchanged, removed: outcome.removed }, 'story redacted');
    },
  };
}
