/**
 * Stories for the theme tests: the labelled evaluation set (workers/pipelines/signals/labelled) inserted as
 * narratives, spread over providers, municipalities in two youth-care regions, roles and months.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { DB } from '../../models/db.ts';
import { insertNarrative } from '../../models/narratives.ts';
import { upsertProvider } from '../../models/providers.ts';
import { syncReferenceData } from '../../models/reference.ts';
import { SHARER_ROLES, type SharerRole } from '../../models/schema.ts';
import { labelledSet, type LabelledStory } from '../../workers/pipelines/signals/labelled.ts';

export type { LabelledStory };

export const EVAL_STORIES: LabelledStory[] = labelledSet('eval');

/** Two municipalities in Groningen (JZ01), one in Flevoland (JZ08). */
export const MUNICIPALITIES = ['GM0014', 'GM0037', 'GM0034'] as const;
export const REGION_OF: Record<string, string> = { GM0014: 'JZ01', GM0037: 'JZ01', GM0034: 'JZ08' };

export interface Placed {
  narrativeId: string;
  story: LabelledStory;
  providerId: string;
  municipality: string;
  role: SharerRole;
  createdAt: Date;
}

export interface Seeded {
  providers: string[];
  placed: Placed[];
}

export async function prepareReferenceData(db: DB): Promise<string[]> {
  await syncReferenceData(db);
  const providers: string[] = [];
  for (const [i, name] of ['Jeugdhulp Noord (test)', 'Gezinshuis De Brug (test)', 'Kinder-ggz Polder (test)'].entries()) {
    const { id } = await upsertProvider(db, {
      name, municipalities: [MUNICIPALITIES[i]!], regions: [REGION_OF[MUNICIPALITIES[i]!]!], careTypes: [],
    });
    providers.push(id);
  }
  return providers;
}

/**
 * Inserts stories the way a submission does (so `narrative.analyze` is enqueued), with a
 * deterministic spread: provider and municipality by position, role from the label, and
 * creation dates over six months of 2025.
 */
export async function insertStories(db: DB, stories: readonly LabelledStory[], providers: readonly string[], offset = 0): Promise<Placed[]> {
  const placed: Placed[] = [];
  for (const [i, story] of stories.entries()) {
    const position = offset + i;
    const municipality = MUNICIPALITIES[position % 3]!;
    const providerId = providers[position % 3]!;
    const role = (SHARER_ROLES as readonly string[]).includes(story.role) ? story.role as SharerRole : 'other';
    const outcome = await insertNarrative(db, {
      sharerRole: role, ageBand: '12-15', municipalityCode: municipality, providerId, careType: null, text: story.text,
      feeling: null, consent: 'reviewers', contactCipher: null, urgent: false, childMode: false,
      receiptBucket: position % 65536, receiptHash: crypto.randomBytes(16).toString('hex'), idempotencyKey: null, requestFingerprint: null,
    });
    const createdAt = new Date(Date.UTC(2025, position % 6, 1 + (position % 27), 12));
    await sql`update narratives set created_at = ${createdAt} where id = ${outcome.id}`.execute(db);
    placed.push({ narrativeId: outcome.id, story, providerId, municipality, role, createdAt });
  }
  return placed;
}
