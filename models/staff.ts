import { sql } from 'kysely';
import type { DB } from './db.ts';
import type { ScopeKind, StaffRole } from './schema.ts';

/** What a signed-in staff member may read: their role and the organisations or places they cover. */
export interface Scope { providers: string[]; regions: string[]; municipalities: string[] }
export interface Viewer { userId: string; email: string; role: StaffRole; scope: Scope }

export interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  active: boolean;
  totpEnabled: boolean;
  hasPassword: boolean;
  invitePending: boolean;
  createdAt: Date;
  scope: Scope;
}

export interface Credentials {
  id: string;
  email: string;
  role: StaffRole;
  active: boolean;
  passwordHash: string | null;
  totpSecretCipher: string | null;
  totpEnabled: boolean;
  failedLogins: number;
  lockedUntil: Date | null;
}

const emptyScope = (): Scope => ({ providers: [], regions: [], municipalities: [] });
const SCOPE_FIELD: Record<ScopeKind, keyof Scope> = { provider: 'providers', region: 'regions', municipality: 'municipalities' };

export async function createStaffUser(db: DB, input: {
  email: string; name: string; role: StaffRole; passwordHash: string | null;
  inviteHash: string | null; inviteExpiresAt: Date | null; createdBy: string | null; scope: Scope;
}): Promise<string> {
  return db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('staff_users').values({
      email: input.email, name: input.name, role: input.role, password_hash: input.passwordHash,
      invite_hash: input.inviteHash, invite_expires_at: input.inviteExpiresAt, created_by: input.createdBy,
    }).returning('id').executeTakeFirstOrThrow();
    await replaceScope(tx as unknown as DB, row.id, input.scope);
    return row.id;
  });
}

export async function replaceScope(db: DB, userId: string, scope: Scope): Promise<void> {
  await db.deleteFrom('staff_scopes').where('user_id', '=', userId).execute();
  const rows = (Object.entries(SCOPE_FIELD) as [ScopeKind, keyof Scope][])
    .flatMap(([kind, field]) => scope[field].map((code) => ({ user_id: userId, kind, code })));
  if (rows.length) await db.insertInto('staff_scopes').values(rows).execute();
}

export async function emailTaken(db: DB, email: string): Promise<boolean> {
  const row = await db.selectFrom('staff_users').select('id').where(sql`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
  return !!row;
}

export async function credentialsByEmail(db: DB, email: string): Promise<Credentials | undefined> {
  const r = await db.selectFrom('staff_users')
    .select(['id', 'email', 'role', 'active', 'password_hash', 'totp_secret_cipher', 'totp_enabled', 'failed_logins', 'locked_until'])
    .where(sql`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
  return r && toCredentials(r);
}

export async function credentialsById(db: DB, id: string): Promise<Credentials | undefined> {
  const r = await db.selectFrom('staff_users')
    .select(['id', 'email', 'role', 'active', 'password_hash', 'totp_secret_cipher', 'totp_enabled', 'failed_logins', 'locked_until'])
    .where('id', '=', id).executeTakeFirst();
  return r && toCredentials(r);
}

function toCredentials(r: {
  id: string; email: string; role: StaffRole; active: boolean; password_hash: string | null;
  totp_secret_cipher: string | null; totp_enabled: boolean; failed_logins: number; locked_until: Date | null;
}): Credentials {
  return {
    id: r.id, email: r.email, role: r.role, active: r.active, passwordHash: r.password_hash,
    totpSecretCipher: r.totp_secret_cipher, totpEnabled: r.totp_enabled, failedLogins: r.failed_logins, lockedUntil: r.locked_until,
  };
}

/** Counts a wrong password; from the fifth in a row the account waits, longer each time. */
export async function recordFailedLogin(db: DB, userId: string): Promise<void> {
  await db.updateTable('staff_users').set({
    failed_logins: sql`failed_logins + 1`,
    locked_until: sql`case when failed_logins + 1 >= 5 then now() + make_interval(mins => least(60, power(2, failed_logins + 1 - 5)::int)) else locked_until end`,
  }).where('id', '=', userId).execute();
}

export async function recordSuccessfulLogin(db: DB, userId: string): Promise<void> {
  await db.updateTable('staff_users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
}

export async function setPassword(db: DB, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable('staff_users').set({ password_hash: passwordHash, invite_hash: null, invite_expires_at: null, failed_logins: 0, locked_until: null })
    .where('id', '=', userId).execute();
}

export async function setInvite(db: DB, userId: string, inviteHash: string, expiresAt: Date): Promise<void> {
  await db.updateTable('staff_users').set({ invite_hash: inviteHash, invite_expires_at: expiresAt }).where('id', '=', userId).execute();
}

export async function userByInvite(db: DB, inviteHash: string): Promise<{ id: string; email: string; role: StaffRole } | undefined> {
  return db.selectFrom('staff_users').select(['id', 'email', 'role'])
    .where('invite_hash', '=', inviteHash).where('invite_expires_at', '>', new Date()).where('active', '=', true)
    .executeTakeFirst();
}

export async function setTotp(db: DB, userId: string, secretCipher: string | null, enabled: boolean): Promise<void> {
  await db.updateTable('staff_users').set({ totp_secret_cipher: secretCipher, totp_enabled: enabled }).where('id', '=', userId).execute();
}

export async function setActive(db: DB, userId: string, active: boolean): Promise<void> {
  await db.updateTable('staff_users').set({ active }).where('id', '=', userId).execute();
  if (!active) await db.deleteFrom('staff_sessions').where('user_id', '=', userId).execute();
}

export async function setRole(db: DB, userId: string, role: StaffRole): Promise<void> {
  await db.updateTable('staff_users').set({ role }).where('id', '=', userId).execute();
}

/** One query for one or many users, scopes included. */
export async function staffUsers(db: DB, ids?: string[]): Promise<StaffUser[]> {
  if (ids && ids.length === 0) return [];
  let q = db.selectFrom('staff_users')
    .select(['id', 'email', 'name', 'role', 'active', 'totp_enabled', 'password_hash', 'invite_hash', 'created_at'])
    .orderBy('role').orderBy('email');
  if (ids) q = q.where('id', 'in', ids);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const scopes = await db.selectFrom('staff_scopes').selectAll().where('user_id', 'in', rows.map((r) => r.id)).execute();
  const byUser = new Map<string, Scope>();
  for (const s of scopes) {
    const scope = byUser.get(s.user_id) ?? emptyScope();
    scope[SCOPE_FIELD[s.kind]].push(s.code);
    byUser.set(s.user_id, scope);
  }
  return rows.map((r) => ({
    id: r.id, email: r.email, name: r.name, role: r.role, active: r.active, totpEnabled: r.totp_enabled,
    hasPassword: r.password_hash !== null, invitePending: r.invite_hash !== null, createdAt: r.created_at,
    scope: byUser.get(r.id) ?? emptyScope(),
  }));
}

export interface SessionRow { userId: string; secondFactorDone: boolean; expiresAt: Date; lastSeenAt: Date }

export async function createSession(db: DB, input: { idHash: string; userId: string; expiresAt: Date; secondFactorDone: boolean; ip: string | null; userAgent: string | null }): Promise<void> {
  await db.insertInto('staff_sessions').values({
    id_hash: input.idHash, user_id: input.userId, expires_at: input.expiresAt,
    second_factor_done: input.secondFactorDone, ip: input.ip, user_agent: input.userAgent?.slice(0, 200) ?? null,
  }).execute();
}

/**
 * The session and its user in one round trip; sliding expiry: a session used within its idle
 * window lives on, up to its absolute end. Returns nothing for expired sessions or inactive users.
 */
export async function touchSession(db: DB, idHash: string, idleMs: number): Promise<(SessionRow & { viewer: Viewer }) | undefined> {
  const row = await db.updateTable('staff_sessions as s')
    .from('staff_users as u')
    .set({ last_seen_at: new Date() })
    .whereRef('u.id', '=', 's.user_id')
    .where('s.id_hash', '=', idHash)
    .where('s.expires_at', '>', new Date())
    .where('s.last_seen_at', '>', new Date(Date.now() - idleMs))
    .where('u.active', '=', true)
    .returning(['u.id', 'u.email', 'u.role', 's.second_factor_done', 's.expires_at', 's.last_seen_at'])
    .executeTakeFirst();
  if (!row) return undefined;
  const scopes = await db.selectFrom('staff_scopes').select(['kind', 'code']).where('user_id', '=', row.id).execute();
  const scope = emptyScope();
  for (const s of scopes) scope[SCOPE_FIELD[s.kind]].push(s.code);
  return {
    userId: row.id, secondFactorDone: row.second_factor_done, expiresAt: row.expires_at, lastSeenAt: row.last_seen_at,
    viewer: { userId: row.id, email: row.email, role: row.role, scope },
  };
}

export async function completeSecondFactor(db: DB, idHash: string): Promise<void> {
  await db.updateTable('staff_sessions').set({ second_factor_done: true }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: DB, idHash: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteUserSessions(db: DB, userId: string): Promise<number> {
  const r = await db.deleteFrom('staff_sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteExpiredSessions(db: DB): Promise<void> {
  await db.deleteFrom('staff_sessions').where('expires_at', '<', new Date()).execute();
}
