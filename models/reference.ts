import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { DB } from './db.ts';

/** Reference data ships in ./reference (CBS, iStandaarden; see reference/SOURCES.md) and is synced at start-up. */
const referenceDir = new URL('../reference/', import.meta.url);

interface FamilyCareKind { code: string; family_label: string; sort: number }

function readCsv(name: string): Record<string, string>[] {
  return parse(fs.readFileSync(new URL(name, referenceDir)), { columns: true, skip_empty_lines: true });
}

export async function syncReferenceData(db: DB): Promise<void> {
  const regions = readCsv('jeugdzorgregios.csv').map((r) => ({ code: r.code!, name: r.name! }));
  const municipalities = readCsv('gemeenten.csv').map((r) => ({
    code: r.code!, name: r.name!, province: r.province!, region_code: r.youth_region_code!,
  }));
  const careTypes = JSON.parse(fs.readFileSync(new URL('care_types.json', referenceDir), 'utf8')) as
    { code: string; label_nl: string }[];
  const familyKinds = JSON.parse(fs.readFileSync(new URL('care-kinds-family.json', referenceDir), 'utf8')) as FamilyCareKind[];
  const family = new Map(familyKinds.map((k) => [k.code, k]));

  await db.transaction().execute(async (tx) => {
    await tx.insertInto('regions').values(regions)
      .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') }))).execute();
    await tx.insertInto('municipalities').values(municipalities)
      .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'), province: eb.ref('excluded.province'), region_code: eb.ref('excluded.region_code'),
      }))).execute();
    await tx.insertInto('care_types').values(careTypes.map((c) => ({
      code: c.code, label: c.label_nl, family_label: family.get(c.code)?.family_label ?? null, sort: family.get(c.code)?.sort ?? 999,
    }))).onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({
      label: eb.ref('excluded.label'), family_label: eb.ref('excluded.family_label'), sort: eb.ref('excluded.sort'),
    }))).execute();
  });
}

export interface Municipality { code: string; name: string; regionCode: string; regionName: string }
export interface CareKind { code: string; label: string }

export async function listMunicipalities(db: DB): Promise<Municipality[]> {
  const rows = await db.selectFrom('municipalities as m').innerJoin('regions as r', 'r.code', 'm.region_code')
    .select(['m.code', 'm.name', 'm.region_code', 'r.name as region_name']).orderBy('m.name').execute();
  return rows.map((r) => ({ code: r.code, name: r.name, regionCode: r.region_code, regionName: r.region_name }));
}

/** The care kinds a family can pick from: plain-language labels for the JZ020 categories. */
export async function listFamilyCareKinds(db: DB): Promise<CareKind[]> {
  const rows = await db.selectFrom('care_types').select(['code', 'family_label'])
    .where('family_label', 'is not', null).orderBy('sort').execute();
  return rows.map((r) => ({ code: r.code, label: r.family_label! }));
}

/** The codes a story may refer to. Reference data only changes with a release, so callers may keep this. */
export async function referenceCodes(db: DB): Promise<{ municipalities: Set<string>; careTypes: Set<string> }> {
  const [municipalities, careTypes] = await Promise.all([
    db.selectFrom('municipalities').select('code').execute(),
    db.selectFrom('care_types').select('code').execute(),
  ]);
  return { municipalities: new Set(municipalities.map((m) => m.code)), careTypes: new Set(careTypes.map((c) => c.code)) };
}

export async function existingCodes(db: DB, table: 'municipalities' | 'regions' | 'care_types', codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.selectFrom(table).select('code').where('code', 'in', codes).execute();
  return new Set(rows.map((r) => r.code));
}
