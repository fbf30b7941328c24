import crypto from 'node:crypto';
import { syncReferenceData } from '../../models/reference.ts';

export const UTRECHT = 'GM0344';
export const AMSTERDAM = 'GM0363';

export function story(overrides: Record<string, unknown> = {}) {
  return {
    role: 'youth',
    ageBand: '16-17',
    municipality: UTRECHT,
    consent: 'reviewers',
    text: 'Ik moest heel lang wachten op hulp. Niemand belde me terug.',
    ...overrides,
  };
}

export const newIdempotencyKey = () => crypto.randomUUID();

export interface StoryRow {
  municipality: string;
  provider: string | null;
  text: string;
  consent?: 'reviewers' | 'provider' | 'public';
  createdAt?: Date;
  urgent?: boolean;
}

/**
 * A story written straight into the table, with a stand-in receipt hash: for figures over many
 * stories with chosen dates, where going through the form would only slow the test down.
 */
export async function insertStoryRow(db: Pick<import('../../models/db.ts').DB, 'insertInto'>, r: StoryRow): Promise<string> {
  const id = crypto.randomUUID();
  const at = r.createdAt ?? new Date();
  await db.insertInto('narratives').values({
    id, created_at: at, updated_at: at, sharer_role: 'youth', age_band: '12-15', municipality_code: r.municipality,
    provider_id: r.provider, care_type: null, text: r.text, feeling: null, consent: r.consent ?? 'public',
    contact_cipher: null, urgent: r.urgent ?? false, child_mode: false, receipt_bucket: 1, receipt_hash: crypto.randomBytes(8).toString('hex'),
    idempotency_key: null, request_fingerprint: null,
  }).execute();
  return id;
}

/** Reference data loaded, and two municipalities in two different youth-care regions. */
export async function twoRegions(db: import('../../models/db.ts').DB) {
  await syncReferenceData(db);
  const munis = await db.selectFrom('municipalities').select(['code', 'region_code']).orderBy('region_code').orderBy('code').execute();
  const a = munis[0]!;
  const b = munis.find((m) => m.region_code !== a.region_code)!;
  return { regionA: a.region_code, m1: a.code, regionB: b.region_code, mB: b.code };
}
