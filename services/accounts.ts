import crypto from 'node:crypto';
import { hash, verify, Algorithm } from '@node-rs/argon2';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { AppError } from '../lib/errors.ts';
import type { DB } from '../models/db.ts';
import type { StaffRole } from '../models/schema.ts';
import {
  completeSecondFactor, createSession, createStaffUser, credentialsByEmail, credentialsById, deleteSession,
  deleteUserSessions, emailTaken, recordFailedLogin, recordSuccessfulLogin, setInvite, setPassword, setTotp,
  touchSession, userByInvite, type Scope, type Viewer,
} from '../models/staff.ts';
import { recordAudit } from '../models/audit.ts';
import { existingCodes } from '../models/reference.ts';
import { providerExists } from '../models/providers.ts';
import { decryptContact, encryptContact } from './contact.ts';

/**
 * Staff sign-in: argon2id passwords, database sessions (only a hash of the token is stored),
 * throttling per account, one-time invite links and TOTP for the roles that see the most.
 */
// OWASP's argon2id setting (19 MiB, 2 passes): a guessed password costs an attacker real memory.
const PASSWORD_HASH = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const SESSION_IDLE_MS = 2 * 60 * 60_000;
export const SESSION_MAX_MS = 12 * 60 * 60_000;
export const INVITE_TTL_MS = 7 * 24 * 60 * 60_000;
export const SECOND_FACTOR_ROLES: readonly StaffRole[] = ['admin', 'municipality'];
export const MIN_PASSWORD_LENGTH = 12;

// A hash to verify against when the address is unknown, so the answer takes as long either way.
const DUMMY_HASH = hash('gehoord-dummy-password', PASSWORD_HASH);

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const newToken = () => crypto.randomBytes(32).toString('base64url');

export const authErrors = {
  wrongCredentials: () => new AppError(401, 'wrong_credentials', 'Het e-mailadres of wachtwoord klopt niet.'),
  locked: () => new AppError(429, 'account_locked', 'Te vaak een verkeerd wachtwoord. Wacht een paar minuten en probeer het dan opnieuw.', undefined, 300),
  wrongCode: () => new AppError(401, 'wrong_code', 'Deze code klopt niet. Kijk in je app voor de code van nu.'),
  inviteInvalid: () => new AppError(404, 'invite_invalid', 'Deze uitnodiging is verlopen of al gebruikt. Vraag de beheerder om een nieuwe.'),
  weakPassword: () => new AppError(422, 'weak_password', `Kies een wachtwoord van minstens ${MIN_PASSWORD_LENGTH} tekens.`,
    { password: `Minstens ${MIN_PASSWORD_LENGTH} tekens. Een zin van een paar woorden is sterk en makkelijk te onthouden.` }),
};

export interface NewUser {
  email: string; name?: string; role: StaffRole; password?: string; scope: Scope; createdBy?: Viewer | null;
}

export interface SignIn { token: string; needsSecondFactor: boolean; needsSecondFactorSetup: boolean; viewer: Viewer }

export function createAccountService(deps: { db: DB; totpKey: Buffer; publicUrl: string }) {
  const { db } = deps;

  /** The scope a role needs: providers exactly one organisation, municipalities at least one place; every code must exist. */
  async function validateScope(role: StaffRole, scope: Scope): Promise<void> {
    const fail = (message: string) => { throw new AppError(422, 'invalid_scope', message, { scope: message }); };
    if (role === 'provider' && scope.providers.length !== 1) fail('Een account voor een zorgaanbieder hoort bij precies één zorgaanbieder.');
    if (role === 'municipality' && scope.municipalities.length + scope.regions.length === 0) fail('Kies minstens één gemeente of jeugdregio voor dit account.');
    if (role !== 'provider' && role !== 'reviewer' && scope.providers.length) fail('Alleen accounts van zorgaanbieders en lezers horen bij een zorgaanbieder.');
    for (const id of scope.providers) if (!(await providerExists(db, id))) fail(`Zorgaanbieder ${id} bestaat niet.`);
    const regions = await existingCodes(db, 'regions', scope.regions);
    const municipalities = await existingCodes(db, 'municipalities', scope.municipalities);
    const unknown = [...scope.regions.filter((c) => !regions.has(c)), ...scope.municipalities.filter((c) => !municipalities.has(c))];
    if (unknown.length) fail(`Onbekende code: ${unknown.join(', ')}.`);
  }

  function inviteLink(token: string) {
    return new URL(`/uitnodiging/${token}`, deps.publicUrl).toString();
  }

  return {
    validateScope,

    /** Creates an account; without a password it returns a one-time invite link. */
    async createUser(input: NewUser): Promise<{ id: string; inviteLink?: string }> {
      const email = input.email.trim().toLowerCase();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new AppError(422, 'invalid_email', 'Dit is geen geldig e-mailadres.', { email: 'Vul een geldig e-mailadres in.' });
      if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH) throw authErrors.weakPassword();
      await validateScope(input.role, input.scope);
      if (await emailTaken(db, email)) throw new AppError(409, 'email_taken', 'Er is al een account met dit e-mailadres.', { email: 'Dit e-mailadres heeft al een account.' });
      const token = input.password === undefined ? newToken() : undefined;
      const id = await createStaffUser(db, {
        email, name: input.name?.trim() ?? '', role: input.role,
        passwordHash: input.password === undefined ? null : await hash(input.password, PASSWORD_HASH),
        inviteHash: token ? sha256(token) : null, inviteExpiresAt: token ? new Date(Date.now() + INVITE_TTL_MS) : null,
        createdBy: input.createdBy?.userId ?? null, scope: input.scope,
      });
      await recordAudit(db, { actor: input.createdBy, action: 'user_created', targetKind: 'user', targetId: id, detail: { email, role: input.role, scope: input.scope } });
      return { id, inviteLink: token ? inviteLink(token) : undefined };
    },

    async reinvite(userId: string, actor: Viewer): Promise<string> {
      const token = newToken();
      await setInvite(db, userId, sha256(token), new Date(Date.now() + INVITE_TTL_MS));
      await recordAudit(db, { actor, action: 'invite_issued', targetKind: 'user', targetId: userId });
      return inviteLink(token);
    },

    async inviteFor(token: string) {
      return userByInvite(db, sha256(token));
    },

    async acceptInvite(token: string, password: string, ip: string | null): Promise<void> {
      if (password.length < MIN_PASSWORD_LENGTH) throw authErrors.weakPassword();
      const user = await userByInvite(db, sha256(token));
      if (!user) throw authErrors.inviteInvalid();
      await setPassword(db, user.id, await hash(password, PASSWORD_HASH));
      await deleteUserSessions(db, user.id);
      await recordAudit(db, { actorEmail: user.email, action: 'password_set', targetKind: 'user', targetId: user.id, ip });
    },

    /** Same answer and about the same time for an unknown address and a wrong password. */
    async signIn(emailInput: string, password: string, meta: { ip: string | null; userAgent: string | null }): Promise<SignIn> {
      const email = emailInput.trim().toLowerCase();
      const user = await credentialsByEmail(db, email);
      if (!user || !user.passwordHash || !user.active) {
        await verify(await DUMMY_HASH, password).catch(() => false);
        await recordAudit(db, { actorEmail: email.slice(0, 200), action: 'login_failed', detail: { reason: 'unknown' }, ip: meta.ip });
        throw authErrors.wrongCredentials();
      }
      if (user.lockedUntil && user.lockedUntil > new Date()) {
        await recordAudit(db, { actorEmail: email, action: 'login_failed', detail: { reason: 'locked' }, ip: meta.ip });
        throw authErrors.locked();
      }
      if (!(await verify(user.passwordHash, password).catch(() => false))) {
        await recordFailedLogin(db, user.id);
        await recordAudit(db, { actorEmail: email, action: 'login_failed', detail: { reason: 'password' }, ip: meta.ip });
        throw authErrors.wrongCredentials();
      }
      await recordSuccessfulLogin(db, user.id);
      const needsTotp = SECOND_FACTOR_ROLES.includes(user.role);
      const token = newToken();
      await createSession(db, {
        idHash: sha256(token), userId: user.id, expiresAt: new Date(Date.now() + SESSION_MAX_MS),
        secondFactorDone: !needsTotp, ip: meta.ip, userAgent: meta.userAgent,
      });
      const viewer = { userId: user.id, email: user.email, role: user.role, scope: { providers: [], regions: [], municipalities: [] } };
      if (!needsTotp) await recordAudit(db, { actor: viewer, action: 'login', ip: meta.ip });
      return { token, needsSecondFactor: needsTotp && user.totpEnabled, needsSecondFactorSetup: needsTotp && !user.totpEnabled, viewer };
    },

    async session(token: string | undefined) {
      if (!token || token.length > 100) return undefined;
      return touchSession(db, sha256(token), SESSION_IDLE_MS);
    },

    /** A new secret for the authenticator app; stored encrypted, active once a code from it checks out. */
    async startTotpSetup(viewer: Viewer): Promise<{ secret: string; uri: string; qrSvg: string }> {
      const secret = new Secret({ size: 20 });
      await setTotp(db, viewer.userId, encryptContact(deps.totpKey, secret.base32), false);
      const uri = totpFor(secret.base32, viewer.email).toString();
      return { secret: secret.base32, uri, qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 1 }) };
    },

    async verifySecondFactor(token: string, code: string, ip: string | null): Promise<void> {
      const session = await touchSession(db, sha256(token), SESSION_IDLE_MS);
      if (!session) throw authErrors.wrongCode();
      const user = await credentialsById(db, session.userId);
      if (!user?.totpSecretCipher) throw authErrors.wrongCode();
      const totp = totpFor(decryptContact(deps.totpKey, user.totpSecretCipher), user.email);
      if (totp.validate({ token: code.replace(/\s/g, ''), window: 1 }) === null) {
        await recordFailedLogin(db, user.id);
        await recordAudit(db, { actorEmail: user.email, action: 'login_failed', detail: { reason: 'second_factor' }, ip });
        throw authErrors.wrongCode();
      }
      if (!user.totpEnabled) {
        await setTotp(db, user.id, user.totpSecretCipher, true);
        await recordAudit(db, { actor: session.viewer, action: 'second_factor_enabled', ip });
      }
      await completeSecondFactor(db, sha256(token));
      await recordSuccessfulLogin(db, user.id);
      await recordAudit(db, { actor: session.viewer, action: 'login', ip });
    },

    async signOut(token: string | undefined, viewer: Viewer | undefined, ip: string | null): Promise<void> {
      if (token) await deleteSession(db, sha256(token));
      if (viewer) await recordAudit(db, { actor: viewer, action: 'logout', ip });
    },

    async signOutEverywhere(viewer: Viewer, ip: string | null): Promise<number> {
      const n = await deleteUserSessions(db, viewer.userId);
      await recordAudit(db, { actor: viewer, action: 'logout_everywhere', detail: { sessions: n }, ip });
      return n;
    },
  };
}
export type AccountService = ReturnType<typeof createAccountService>;

function totpFor(base32: string, email: string): TOTP {
  return new TOTP({ issuer: 'Gehoord', label: email, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(base32) });
}
