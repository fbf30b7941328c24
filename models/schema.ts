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

export type PartKind = 'audio' | 'image';
export type PartStatus = 'pending' | 'processing' | 'done' | 'failed' | 'waiting_for_model';
export interface NarrativePartTable {
  id: Generated<string>;
  narrative_id: string;
  addition_id: string | null;
  kind: PartKind;
  position: number;
  media_key: string;
  display_key: string | null;
  thumb_key: string | null;
  mime: string;
  bytes: number;
  duration_sec: number | null;
  width: number | null;
  height: number | null;
  caption: string | null;
  status: Generated<PartStatus>;
  error: string | null;
  ocr_text: string | null;
  ocr_confidence: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface TranscriptSegmentRow { start: number; end: number; text: string }
export interface TranscriptTable {
  id: Generated<number>;
  part_id: string;
  source: 'machine' | 'person';
  model: string | null;
  author: string | null;
  text: string;
  segments: ColumnType<TranscriptSegmentRow[], string, never>;
  created_at: CreatedAt;
}

/** Themes, tags and signals (migration 003): what the analysis worker derives from a story. */
type Json<T> = ColumnType<T, string, string>;
export type ThemeStatus = 'active' | 'merged' | 'retired';
export type ThemeMemberSource = 'cluster' | 'assigned' | 'human';
export type TagSourceColumn = 'lexicon' | 'classifier' | 'both' | 'human';
export type ToneColumn = 'positive' | 'negative' | 'mixed';
export interface KeywordVocabularyColumn { stems: string[]; words: string[]; documentFrequency: number[] }
export interface ThemeKeywordColumn { stem: string; word: string; score: number }

export interface ThemeModelTable {
  version: string;
  backend: string;
  created_at: CreatedAt;
  dimensions: number;
  floor: number;
  representation: Json<Record<string, unknown>>;
  components: Uint8Array | null;
  keyword_vocabulary: Json<KeywordVocabularyColumn>;
}
export interface NarrativeVectorTable {
  narrative_id: string;
  model_version: string;
  vector: Uint8Array;
  keyword_terms: number[];
  /** of the text the vector was computed from: an unchanged story keeps the place its run gave it */
  text_hash: string;
  updated_at: UpdatedAt;
}
export interface ThemeTable {
  id: string;
  label: string;
  name: string | null;
  keywords: Json<ThemeKeywordColumn[]>;
  centroid: Uint8Array | null;
  model_version: string | null;
  locked: boolean;
  status: ThemeStatus;
  merged_into: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
export interface ThemeMemberTable {
  narrative_id: string;
  theme_id: string;
  similarity: number;
  source: ThemeMemberSource;
  representative: number | null;
  assigned_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface ThemeMachineMemberTable { narrative_id: string; theme_id: string }
export interface ThemeRunTable {
  id: Generated<number>;
  started_at: Date;
  finished_at: CreatedAt;
  trigger: string;
  model_version: string | null;
  stats: Json<Record<string, unknown>>;
}
export interface ThemeCurationTable {
  id: Generated<number>;
  at: CreatedAt;
  actor: string;
  op: Json<Record<string, unknown>>;
}
export interface ThemeCurationStoryTable { curation_id: number; narrative_id: string }
export interface FrameworkTopicTable {
  key: string;
  label: string;
  description: string;
  lexicon: Json<{ term: string; weight: number; negation: 'any' | 'block' }[]>;
  /** the topic's other settings (its own threshold, the tones it applies to), as in the framework schema */
  settings: Json<Record<string, unknown>>;
  active: boolean;
  sort: number;
  customized: boolean;
  updated_at: UpdatedAt;
  updated_by: string | null;
}
export interface NarrativeTagTable {
  narrative_id: string;
  topic: string;
  score: number;
  source: TagSourceColumn;
  lexicon_score: number | null;
  classifier_score: number | null;
  evidence: Json<string[]>;
}
export interface TagCorrectionTable {
  narrative_id: string;
  topic: string;
  present: boolean;
  actor: string;
  at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface TagClassifierTable {
  version: Generated<number>;
  trained_at: CreatedAt;
  examples: number;
  corrections_digest: string;
  weights: Json<Record<string, unknown>>;
}
export interface NarrativeSignalTable {
  narrative_id: string;
  tone: ToneColumn;
  tone_score: number;
  tone_evidence: Json<{ text: string; value: number }[]>;
  safety_flag: boolean;
  safety_reasons: Json<string[]>;
  analyzed_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Staff accounts, sessions, audit log and review work (migration 004). */
export const STAFF_ROLES = ['admin', 'reviewer', 'municipality', 'provider'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type ScopeKind = 'provider' | 'region' | 'municipality';
export const REVIEW_STATUSES = ['new', 'seen', 'follow_up'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export interface StaffUserTable {
  id: Generated<string>;
  email: string;
  name: Generated<string>;
  role: StaffRole;
  password_hash: string | null;
  totp_secret_cipher: string | null;
  totp_enabled: Generated<boolean>;
  active: Generated<boolean>;
  invite_hash: string | null;
  invite_expires_at: Date | null;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  created_at: CreatedAt;
  created_by: string | null;
}
export interface StaffScopeTable { user_id: string; kind: ScopeKind; code: string }
export interface StaffSessionTable {
  id_hash: string;
  user_id: string;
  created_at: CreatedAt;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  second_factor_done: boolean;
  ip: string | null;
  user_agent: string | null;
}
export interface AuditEventTable {
  id: Generated<number>;
  at: CreatedAt;
  actor_id: string | null;
  actor_email: string | null;
  actor_role: string | null;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, never>;
  ip: string | null;
}
export interface NarrativeReviewTable {
  narrative_id: string;
  status: ReviewStatus;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: string | null;
}
export interface NarrativeNoteTable {
  id: Generated<number>;
  narrative_id: string;
  author_id: string | null;
  at: CreatedAt;
  text: string;
}
export interface NarrativeSearchTable { narrative_id: string; document: string }

/** Detected personal data per text of a story, and reviewers' overrides (migration 005). */
export interface RedactionSpanColumn { start: number; end: number; kind: string }
export interface TextRedactionTable {
  narrative_id: string;
  source: string;
  text_hash: string;
  spans: Json<RedactionSpanColumn[]>;
  detected_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface RedactionOverrideTable {
  id: Generated<number>;
  narrative_id: string;
  source: string;
  text_hash: string;
  start: number;
  end: number;
  action: 'unmask' | 'add';
  kind: string | null;
  actor: string | null;
  at: CreatedAt;
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
  narrative_parts: NarrativePartTable;
  transcripts: TranscriptTable;
  withdrawal_tallies: WithdrawalTallyTable;
  jobs: JobTable;
  worker_heartbeats: WorkerHeartbeatTable;
  theme_models: ThemeModelTable;
  narrative_vectors: NarrativeVectorTable;
  themes: ThemeTable;
  theme_members: ThemeMemberTable;
  theme_machine_members: ThemeMachineMemberTable;
  theme_runs: ThemeRunTable;
  theme_curations: ThemeCurationTable;
  theme_curation_stories: ThemeCurationStoryTable;
  framework_topics: FrameworkTopicTable;
  narrative_tags: NarrativeTagTable;
  tag_corrections: TagCorrectionTable;
  tag_classifier: TagClassifierTable;
  narrative_signals: NarrativeSignalTable;
  staff_users: StaffUserTable;
  staff_scopes: StaffScopeTable;
  staff_sessions: StaffSessionTable;
  audit_events: AuditEventTable;
  narrative_reviews: NarrativeReviewTable;
  narrative_notes: NarrativeNoteTable;
  narrative_search: NarrativeSearchTable;
  text_redactions: TextRedactionTable;
  redaction_overrides: RedactionOverrideTable;
}

/* Follow-up requests (migration 007). Added to `Database` by interface merging. */
export type FollowUpStateColumn = 'sent' | 'acknowledged' | 'plan_proposed' | 'in_progress' | 'done' | 'confirmed' | 'reopened';
export type FollowUpSourceKind = 'theme' | 'topic' | 'stories';
export interface FollowUpTable {
  id: Generated<string>;
  owner_id: string;
  municipality_code: string | null;
  region_code: string | null;
  provider_id: string;
  title: string;
  ask: string;
  public_response: string | null;
  state: Generated<FollowUpStateColumn>;
  /** a calendar date; read it as text (`due_date::text`) so no time zone shifts it */
  due_date: ColumnType<string, string, string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  version: Generated<number>;
  source_kind: FollowUpSourceKind;
  source_id: string | null;
}
export interface FollowUpStoryTable { follow_up_id: string; narrative_id: string }
export interface FollowUpEventTable {
  id: Generated<number>;
  follow_up_id: string;
  actor_id: string | null;
  actor_email: string | null;
  at: CreatedAt;
  /** 'created' | 'state' | 'message' | 'public_response' */
  kind: string;
  from_state: string | null;
  to_state: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, never>;
}
export interface FollowUpMessageTable {
  id: Generated<number>;
  follow_up_id: string;
  author_id: string | null;
  author_email: string | null;
  side: 'municipality' | 'provider';
  text: string;
  at: CreatedAt;
}
export interface NotificationTable {
  id: Generated<number>;
  user_id: string | null;
  provider_id: string | null;
  follow_up_id: string | null;
  text: string;
  created_at: CreatedAt;
  read_at: Date | null;
}
export interface Database {
  follow_ups: FollowUpTable;
  follow_up_stories: FollowUpStoryTable;
  follow_up_events: FollowUpEventTable;
  follow_up_messages: FollowUpMessageTable;
  notifications: NotificationTable;
}

/* Families' answers to "is it better for you now?" (migration 009). */
export type FamilyAnswer = 'yes' | 'a_bit' | 'no';
export interface FollowUpAnswerTable {
  follow_up_id: string;
  narrative_id: string;
  answer: FamilyAnswer;
  words: string | null;
  at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface Database {
  follow_up_answers: FollowUpAnswerTable;
}
export interface FamilyAnswerLinkTable {
  follow_up_id: string;
  narrative_id: string;
  token_hash: string;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  mailed_at: Date | null;
  created_at: CreatedAt;
}
export interface Database {
  family_answer_links: FamilyAnswerLinkTable;
}
