import type { DB } from './db.ts';
import type { Viewer } from './staff.ts';

/** What the audit log records; the log is append-only in the database itself (a trigger refuses edits). */
export type AuditAction =
  | 'login' | 'login_failed' | 'logout' | 'logout_everywhere' | 'second_factor_enabled'
  | 'story_viewed' | 'story_denied' | 'stories_exported' | 'audit_exported'
  | 'review_status_changed' | 'note_added' | 'transcript_saved' | 'redaction_changed'
  | 'theme_changed' | 'tags_changed' | 'theme_curated' | 'media_played'
  | 'user_created' | 'user_changed' | 'invite_issued' | 'password_set'
  | 'provider_changed' | 'topic_changed' | 'job_retried' | 'retention_changed'
  | 'follow_up_created' | 'follow_up_state_changed' | 'follow_up_message' | 'follow_up_response' | 'follow_up_denied'
  | 'report_viewed';

export interface AuditEntry {
  actor?: Pick<Viewer, 'userId' | 'email' | 'role'> | null;
  /** for a failed login, the address that was tried */
  actorEmail?: string;
  action: AuditAction;
  targetKind?: string;
  targetId?: string;
  detail?: Record<string, unknown>;
  ip?: string | null;
}

export interface AuditEvent {
  id: number; at: Date; actorEmail: string | null; actorRole: string | null; action: string;
  targetKind: string | null; targetId: string | null; detail: Record<string, unknown>; ip: string | null;
}

export async function recordAudit(db: DB, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await db.insertInto('audit_events').values(list.map((e) => ({
    actor_id: e.actor?.userId ?? null,
    actor_email: e.actor?.email ?? e.actorEmail ?? null,
    actor_role: e.actor?.role ?? null,
    action: e.action,
    target_kind: e.targetKind ?? null,
    target_id: e.targetId ?? null,
    detail: JSON.stringify(e.detail ?? {}),
    ip: e.ip ?? null,
  }))).execute();
}

export interface AuditFilter { action?: string; actorEmail?: string; targetId?: string; before?: number; limit?: number }

/** Newest first, paged by id so a long log stays fast. */
export async function listAudit(db: DB, f: AuditFilter = {}): Promise<AuditEvent[]> {
  let q = db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(f.limit ?? 100);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.actorEmail) q = q.where('actor_email', 'ilike', `%${f.actorEmail.replace(/[%_\\]/g, '\\$&')}%`);
  if (f.targetId) q = q.where('target_id', '=', f.targetId);
  if (f.before) q = q.where('id', '<', f.before);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id, at: r.at, actorEmail: r.actor_email, actorRole: r.actor_role, action: r.action,
    targetKind: r.target_kind, targetId: r.target_id, detail: r.detail, ip: r.ip,
  }));
}

/** Who opened each of these stories and when (latest first), for the urgent inbox. */
export async function storyViews(db: DB, narrativeIds: string[]): Promise<Map<string, { email: string; at: Date }[]>> {
  const out = new Map<string, { email: string; at: Date }[]>();
  if (narrativeIds.length === 0) return out;
  const rows = await db.selectFrom('audit_events')
    .select(['target_id', 'actor_email', db.fn.max('at').as('at')])
    .where('target_kind', '=', 'narrative').where('action', '=', 'story_viewed')
    .where('target_id', 'in', narrativeIds)
    .groupBy(['target_id', 'actor_email'])
    .execute();
  for (const r of rows) {
    const list = out.get(r.target_id!) ?? [];
    list.push({ email: r.actor_email ?? '?', at: new Date(r.at) });
    out.set(r.target_id!, list);
  }
  for (const list of out.values()) list.sort((a, b) => b.at.getTime() - a.at.getTime());
  return out;
}
