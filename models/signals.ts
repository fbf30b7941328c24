import type { DB } from './db.ts';
import type { ToneColumn } from './schema.ts';
import type { Tx } from './themes.ts';

/**
 * Tone and safety signal per story, as the analysis worker last read it. The safety flag is the
 * machine's request for a human to read the story soon; it is stored apart from the sharer's own
 * `urgent` choice, which nothing here changes.
 */
export interface NarrativeSignals {
  narrativeId: string;
  tone: ToneColumn;
  /** (positive − negative) / (positive + negative), −1..1 */
  toneScore: number;
  toneEvidence: { text: string; value: number }[];
  safetyFlag: boolean;
  /** one Dutch line per kind of danger, quoting the words */
  safetyReasons: string[];
  analyzedAt: Date;
}

export async function saveSignals(tx: Tx, s: Omit<NarrativeSignals, 'analyzedAt'>): Promise<void> {
  const values = {
    tone: s.tone, tone_score: s.toneScore, tone_evidence: JSON.stringify(s.toneEvidence),
    safety_flag: s.safetyFlag, safety_reasons: JSON.stringify(s.safetyReasons), analyzed_at: new Date(),
  };
  await tx.insertInto('narrative_signals').values({ narrative_id: s.narrativeId, ...values })
    .onConflict((oc) => oc.column('narrative_id').doUpdateSet(values)).execute();
}

function toSignals(r: {
  narrative_id: string; tone: ToneColumn; tone_score: number; tone_evidence: { text: string; value: number }[];
  safety_flag: boolean; safety_reasons: string[]; analyzed_at: Date;
}): NarrativeSignals {
  return {
    narrativeId: r.narrative_id, tone: r.tone, toneScore: r.tone_score, toneEvidence: r.tone_evidence,
    safetyFlag: r.safety_flag, safetyReasons: r.safety_reasons, analyzedAt: r.analyzed_at,
  };
}

export async function signalsOf(db: DB | Tx, narrativeIds: readonly string[]): Promise<Map<string, NarrativeSignals>> {
  if (narrativeIds.length === 0) return new Map();
  const rows = await db.selectFrom('narrative_signals').selectAll().where('narrative_id', 'in', narrativeIds).execute();
  return new Map(rows.map((r) => [r.narrative_id, toSignals(r)]));
}
