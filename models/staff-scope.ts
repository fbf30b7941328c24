import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { DB } from './db.ts';
import type { ConsentScope, Database, StaffRole } from './schema.ts';
import type { Viewer } from './staff.ts';

/**
 * The one place that decides which stories a staff member may read. Every staff query about
 * stories starts from `visibleNarratives`, so a page, an export or a count cannot ask for more.
 *
 * - admin: every story.
 * - reviewer: every story, or only those of their providers / places when they have a scope.
 * - municipality: stories from their municipalities (or their regions' municipalities); every
 *   consent scope, since "reviewers" reads "the readers of Gehoord and the municipality".
 * - provider: stories about their own organisation whose sharer allowed providers to read them.
 */
export const CONSENT_FOR_PROVIDERS: readonly ConsentScope[] = ['provider', 'public'];

type N = ExpressionBuilder<Database & { n: Database['narratives'] }, 'n'>;

function inPlaces(eb: N, municipalities: string[], regions: string[]): Expression<SqlBool>[] {
  const parts: Expression<SqlBool>[] = [];
  if (municipalities.length) parts.push(eb('n.municipality_code', 'in', municipalities));
  if (regions.length) {
    parts.push(eb('n.municipality_code', 'in', eb.selectFrom('municipalities').select('code').where('region_code', 'in', regions)));
  }
  return parts;
}

export function visibility(eb: N, viewer: Viewer): Expression<SqlBool> {
  const { providers, regions, municipalities } = viewer.scope;
  switch (viewer.role) {
    case 'admin':
      return sql<boolean>`true`;
    case 'reviewer': {
      const parts = inPlaces(eb, municipalities, regions);
      if (providers.length) parts.push(eb('n.provider_id', 'in', providers));
      return parts.length ? eb.or(parts) : sql<boolean>`true`;
    }
    case 'municipality': {
      const parts = inPlaces(eb, municipalities, regions);
      return parts.length ? eb.or(parts) : sql<boolean>`false`;
    }
    case 'provider':
      return providers.length
        ? eb.and([eb('n.provider_id', 'in', providers), eb('n.consent', 'in', [...CONSENT_FOR_PROVIDERS])])
        : sql<boolean>`false`;
  }
}

/** `narratives as n`, already limited to what this viewer may read. */
export function visibleNarratives(db: DB, viewer: Viewer) {
  return db.selectFrom('narratives as n').where((eb) => visibility(eb, viewer));
}

/** A narrowing inside a viewer's scope: some of its municipalities or regions (dashboards, reports). */
export interface PlaceNarrowing { regionCodes?: readonly string[]; municipalityCodes?: readonly string[] }

/** `visibleNarratives`, narrowed to these places; an empty list matches no story. */
export function visibleNarrativesIn(db: DB, viewer: Viewer, places: PlaceNarrowing) {
  let q = visibleNarratives(db, viewer);
  if (places.municipalityCodes) q = q.where('n.municipality_code', 'in', [...places.municipalityCodes, '']);
  if (places.regionCodes) {
    const regions = [...places.regionCodes, ''];
    q = q.where('n.municipality_code', 'in', (eb) => eb.selectFrom('municipalities').select('code').where('region_code', 'in', regions));
  }
  return q;
}

export async function canRead(db: DB, viewer: Viewer, narrativeId: string): Promise<boolean> {
  if (!isUuid(narrativeId)) return false;
  const row = await visibleNarratives(db, viewer).select('n.id').where('n.id', '=', narrativeId).executeTakeFirst();
  return !!row;
}

/** Which of these stories this viewer may read (one query for many). */
export async function readableIds(db: DB, viewer: Viewer, narrativeIds: string[]): Promise<Set<string>> {
  const ids = narrativeIds.filter(isUuid);
  if (ids.length === 0) return new Set();
  const rows = await visibleNarratives(db, viewer).select('n.id').where('n.id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** What each role may do with a story it can read; routes ask this, the data layer enforces reading. */
export const STORY_PERMISSIONS: Record<StaffRole, {
  unredacted: boolean; media: boolean; notes: boolean; curate: boolean; transcribe: boolean; export: boolean; search: boolean;
}> = {
  admin: { unredacted: true, media: true, notes: true, curate: true, transcribe: true, export: true, search: true },
  reviewer: { unredacted: true, media: true, notes: true, curate: true, transcribe: true, export: true, search: true },
  municipality: { unredacted: false, media: true, notes: false, curate: false, transcribe: false, export: true, search: true },
  // Providers only ever get redacted text: no voice, no photos, no search over the original words.
  provider: { unredacted: false, media: false, notes: false, curate: false, transcribe: false, export: false, search: false },
};
