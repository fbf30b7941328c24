import crypto from 'node:crypto';
import type { DB } from '../models/db.ts';
import * as narratives from '../models/narratives.ts';
import { careTypeExists, municipalityExists } from '../models/reference.ts';
import { providerExists } from '../models/providers.ts';
import type { ConsentScope } from '../models/schema.ts';
import type { NarrativeSubmission } from '../api/schemas/narrative.ts';
import { errors, type FieldErrors } from '../lib/errors.ts';
import type { Secrets } from './secrets.ts';
import { decryptContact, encryptContact } from './contact.ts';
import {
  hashReceipt, normalizeReceipt, randomReceipt, receiptBucket, receiptForIdempotencyKey, verifyReceipt,
} from './receipts/code.ts';

export interface SubmitResult {
  id: string;
  /** Shown once to the sharer; never stored, never logged. */
  receipt: string;
  status: 'received';
  replayed: boolean;
}

/** What the sharer sees with their receipt code: their own story, contact details partly masked. */
export interface ReceiptView extends Omit<narratives.SharerNarrative, 'contactCipher'> {
  contactHint: string | null;
  status: 'received';
}

export type NarrativeService = ReturnType<typeof createNarrativeService>;

export function createNarrativeService(deps: { db: DB; secrets: Secrets }) {
  const { db, secrets } = deps;

  async function checkReferences(input: NarrativeSubmission): Promise<void> {
    const [municipalityOk, providerOk, careOk] = await Promise.all([
      municipalityExists(db, input.municipality),
      input.provider ? providerExists(db, input.provider) : true,
      input.careType ? careTypeExists(db, input.careType) : true,
    ]);
    const fields: FieldErrors = {};
    if (!municipalityOk) fields.municipality = 'Deze gemeente kennen we niet. Kies je gemeente uit de lijst.';
    if (!providerOk) fields.provider = 'Deze zorgaanbieder kennen we niet. Kies er een uit de lijst, of kies "Ik weet het niet".';
    if (!careOk) fields.careType = 'Deze soort hulp kennen we niet. Kies er een uit de lijst, of laat het leeg.';
    if (Object.keys(fields).length) throw errors.invalid(fields);
  }

  /** Finds the story a code belongs to, or throws the "not found" error the lockout counts. */
  async function resolve(code: string): Promise<string> {
    const normalized = normalizeReceipt(code);
    if (!normalized) throw errors.receiptNotFound();
    const candidates = await narratives.receiptCandidates(db, receiptBucket(secrets.receiptLookupKey, normalized));
    for (const c of candidates) {
      if (await verifyReceipt(c.receiptHash, normalized)) return c.id;
    }
    throw errors.receiptNotFound();
  }

  return {
    async submit(input: NarrativeSubmission, opts: { idempotencyKey?: string; isDemo?: boolean } = {}): Promise<SubmitResult> {
      const fingerprint = crypto.createHash('sha256').update(JSON.stringify(input)).digest('hex');
      const key = opts.idempotencyKey;
      if (key) {
        const existing = await narratives.findByIdempotencyKey(db, key);
        if (existing) return replay(existing, fingerprint, key);
      }
      await checkReferences(input);
      const receipt = key ? receiptForIdempotencyKey(secrets.receiptDerivationKey, key) : randomReceipt();
      const outcome = await narratives.insertNarrative(db, {
        sharerRole: input.role,
        ageBand: input.ageBand,
        municipalityCode: input.municipality,
        providerId: input.provider ?? null,
        careType: input.careType ?? null,
        text: input.text,
        feeling: input.feeling ?? null,
        consent: input.consent,
        contactCipher: input.contact ? encryptContact(secrets.contactKey, input.contact) : null,
        urgent: input.urgent,
        childMode: input.childMode,
        isDemo: opts.isDemo,
        receiptBucket: receiptBucket(secrets.receiptLookupKey, receipt),
        receiptHash: await hashReceipt(receipt),
        idempotencyKey: key ?? null,
        requestFingerprint: fingerprint,
      });
      // Two identical requests racing: the loser's insert is a no-op and it answers like a retry.
      if (outcome.kind === 'replayed') return replay(outcome, fingerprint, key!);
      return { id: outcome.id, receipt: receipt.text, status: 'received', replayed: false };
    },

    async open(code: string): Promise<ReceiptView> {
      const id = await resolve(code);
      const story = await narratives.getSharerNarrative(db, id);
      if (!story) throw errors.receiptNotFound();
      const { contactCipher, ...rest } = story;
      return {
        ...rest,
        contactHint: contactCipher ? maskContact(decryptContact(secrets.contactKey, contactCipher)) : null,
        status: 'received',
      };
    },

    async addAddition(code: string, text: string, clientKey?: string): Promise<void> {
      const id = await resolve(code);
      if (!(await narratives.addAddition(db, id, text, clientKey))) throw errors.receiptNotFound();
    },

    async changeConsent(code: string, consent: ConsentScope): Promise<void> {
      const id = await resolve(code);
      if (!(await narratives.changeConsent(db, id, consent))) throw errors.receiptNotFound();
    },

    async withdraw(code: string): Promise<void> {
      const id = await resolve(code);
      if (!(await narratives.withdrawNarrative(db, id))) throw errors.receiptNotFound();
    },
  };

  function replay(existing: { id: string; fingerprint: string | null }, fingerprint: string, key: string): SubmitResult {
    if (existing.fingerprint !== fingerprint) throw errors.idempotencyConflict();
    const receipt = receiptForIdempotencyKey(secrets.receiptDerivationKey, key);
    return { id: existing.id, receipt: receipt.text, status: 'received', replayed: true };
  }
}

/** Enough for the sharer to recognise their own details, not enough for someone looking over a shoulder. */
export function maskContact(contact: string): string {
  const at = contact.indexOf('@');
  if (at > 0) return `${contact.slice(0, 1)}•••@${contact.slice(at + 1)}`;
  const digits = contact.replace(/\D/g, '');
  return `${digits.slice(0, 2)}••••••${digits.slice(-2)}`;
}
