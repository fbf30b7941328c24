import type { ColumnType, Generated } from 'kysely';

/** Row shapes as the database stores them. Domain code works with the types in each model file. */

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export const SHARER_ROLES = ['child', 'youth', 'parent', 'foster_parent', 'other'] as const;
export type SharerRole = (typeof SHARER_ROLES)[number];
export const AGE_BANDS = ['0-11', '12-15', '16-17', '18-23', '24+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
/** Who may read a story, from narrow to wide. Each scope includes the ones before it. */
export const CONSENT_SCOPES = ['reviewers', 'provider', 'public'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

export interface RegionTable { code: string; name: string }
export interface MunicipalityTable { code: string; name: string; province: string; region_code: string }
export interface CareTypeTable {
  code: string;
  label: string;
  family_label: string | null;
  sort: number;
}
export interface ProviderTable {
  id: Generated<string>;
  name: string;
  is_demo: Generated<boolean>;
  created_at: CreatedAt;
}
export interface ProviderMunicipalityTable { provider_id: string; municipality_code: string }
export interface ProviderRegionTable { provider_id: string; region_code: string }
export interface ProviderCareTypeTable { provider_id: string; care_type_code: string }

export interface NarrativeTable {
  id: Generated<string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  sharer_role: SharerRole;
  age_band: AgeBand;
  municipality_code: string;
  provider_id: string | null;
  care_type: string | null;
  text: string;
  feeling: number | null;
  consent: ConsentScope;
  contact_cipher: string | null;
  urgent: boolean;
  child_mode: boolean;
  is_demo: Generated<boolean>;
  receipt_bucket: number;
  receipt_hash: string;
  idempotency_key: string | null;
  request_fingerprint: string | null;
}

export interface NarrativeAdditionTable {
  id: Generated<string>;
  narrative_id: string;
  created_at: CreatedAt;
  text: string;
  /** Set by forms so a double click or a refresh adds an addition once. */
  client_key: string | null;
}

export type NarrativeEventKind = 'received' | 'addition' | 'consent_changed';
export interface NarrativeEventTable {
  id: Generated<number>;
  narrative_id: string;
  at: CreatedAt;
  kind: NarrativeEventKind;
  detail: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface WithdrawalTallyTable { month: string; count: number }

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';
export interface JobTable {
  id: Generated<number>;
  kind: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  status: Generated<JobStatus>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  run_after: ColumnType<Date, Date | string | undefined, Date | string>;
  locked_by: string | null;
  locked_until: Date | null;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface WorkerHeartbeatTable {
  worker_id: string;
  kinds: string;
  started_at: CreatedAt;
  seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface Database {
  regions: RegionTable;
  municipalities: MunicipalityTable;
  care_types: CareTypeTable;
  providers: ProviderTable;
  provider_municipalities: ProviderMunicipalityTable;
  provider_regions: ProviderRegionTable;
  provider_care_types: ProviderCareTypeTable;
  narratives: NarrativeTable;
  narrative_additions: NarrativeAdditionTable;
  narrative_events: NarrativeEventTable;
  withdrawal_tallies: WithdrawalTallyTable;
  jobs: JobTable;
  worker_heartbeats: WorkerHeartbeatTable;
}
