import { sql } from 'kysely';
import type { DB } from './db.ts';

export interface ProviderSummary { id: string; name: string }

export interface ProviderInput {
  name: string;
  municipalities: string[];
  regions: string[];
  careTypes: string[];
  isDemo?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function providerExists(db: DB, id: string): Promise<boolean> {
  if (!UUID.test(id)) return false;
  return !!(await db.selectFrom('providers').select('id').where('id', '=', id).executeTakeFirst());
}

/**
 * Search for the story form. Providers that serve the municipality (directly or through its
 * youth-care region, or everywhere when they list no area) come first; with a search text,
 * others follow, because children are often placed outside their own region.
 */
export async function searchProviders(db: DB, opts: { q?: string; municipality?: string; limit?: number }): Promise<ProviderSummary[]> {
  const q = opts.q?.trim().toLowerCase() ?? '';
  const limit = opts.limit ?? 20;
  const serves = opts.municipality
    ? sql<boolean>`(
        exists (select 1 from provider_municipalities pm where pm.provider_id = p.id and pm.municipality_code = ${opts.municipality})
        or exists (select 1 from provider_regions pr join municipalities m on m.region_code = pr.region_code
                   where pr.provider_id = p.id and m.code = ${opts.municipality})
        or (not exists (select 1 from provider_municipalities pm2 where pm2.provider_id = p.id)
            and not exists (select 1 from provider_regions pr2 where pr2.provider_id = p.id)))`
    : sql<boolean>`true`;
  let query = db.selectFrom('providers as p').select(['p.id', 'p.name', serves.as('serves')]);
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql`lower(p.name)`, 'like', pattern);
  } else if (opts.municipality) {
    query = query.where(serves);
  }
  const rows = await query.orderBy(sql`3`, 'desc').orderBy('p.name').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, name: r.name }));
}

export async function listAllProviders(db: DB): Promise<ProviderSummary[]> {
  return db.selectFrom('providers').select(['id', 'name']).orderBy('name').execute();
}

/** Creates or updates a provider by (case-insensitive) name and replaces its areas and care types. */
export async function upsertProvider(db: DB, input: ProviderInput): Promise<{ id: string; created: boolean }> {
  return db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('providers').select('id')
      .where(sql`lower(name)`, '=', input.name.toLowerCase()).executeTakeFirst();
    const id = existing?.id ?? (await tx.insertInto('providers')
      .values({ name: input.name, is_demo: input.isDemo ?? false }).returning('id').executeTakeFirstOrThrow()).id;
    if (existing) {
      await tx.updateTable('providers').set({ name: input.name }).where('id', '=', id).execute();
      await tx.deleteFrom('provider_municipalities').where('provider_id', '=', id).execute();
      await tx.deleteFrom('provider_regions').where('provider_id', '=', id).execute();
      await tx.deleteFrom('provider_care_types').where('provider_id', '=', id).execute();
    }
    if (input.municipalities.length) {
      await tx.insertInto('provider_municipalities')
        .values(input.municipalities.map((c) => ({ provider_id: id, municipality_code: c }))).execute();
    }
    if (input.regions.length) {
      await tx.insertInto('provider_regions').values(input.regions.map((c) => ({ provider_id: id, region_code: c }))).execute();
    }
    if (input.careTypes.length) {
      await tx.insertInto('provider_care_types')
        .values(input.careTypes.map((c) => ({ provider_id: id, care_type_code: c }))).execute();
    }
    return { id, created: !existing };
  });
}

export interface ProviderWithCount extends ProviderSummary { stories: number; isDemo: boolean }

/** The admin's provider list: by name, with how many stories name each provider. */
export async function providersWithStoryCounts(db: DB, opts: { q?: string; limit?: number } = {}): Promise<ProviderWithCount[]> {
  let query = db.selectFrom('providers as p')
    .select(['p.id', 'p.name', 'p.is_demo',
      (eb) => eb.selectFrom('narratives as n').select(sql<number>`count(*)::int`.as('c')).whereRef('n.provider_id', '=', 'p.id').as('stories')])
    .orderBy('p.name').limit(opts.limit ?? 200);
  const q = opts.q?.trim().toLowerCase();
  if (q) query = query.where(sql`lower(p.name)`, 'like', `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const rows = await query.execute();
  return rows.map((r) => ({ id: r.id, name: r.name, isDemo: r.is_demo, stories: Number(r.stories ?? 0) }));
}

export async function getProvider(db: DB, id: string): Promise<ProviderSummary | undefined> {
  if (!UUID.test(id)) return undefined;
  return db.selectFrom('providers').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

/** A new name; false when another provider already has it (names are unique regardless of case). */
export async function renameProvider(db: DB, id: string, name: string): Promise<boolean> {
  const clash = await db.selectFrom('providers').select('id')
    .where(sql`lower(name)`, '=', name.toLowerCase()).where('id', '<>', id).executeTakeFirst();
  if (clash) return false;
  await db.updateTable('providers').set({ name }).where('id', '=', id).execute();
  return true;
}
