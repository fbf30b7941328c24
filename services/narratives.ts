import crypto from 'node:crypto';
import type { DB } from '../models/db.ts';
import * as narratives from '../models/narratives.ts';
import { referenceCodes } from '../models/reference.ts';
import { providerExists } from '../models/providers.ts';
import type { ConsentScope } from '../models/schema.ts';
import type { NarrativeSubmission } from '../api/schemas/narrative.ts';
import { errors, type FieldErrors } from '../lib/errors.ts';
import type { Secrets } from './secrets.ts';
import { mediaKeysOfNarrative, unreferencedKeys } from '../models/media.ts';
import { keysOf, storeMedia, type PreparedMedia } from './media/intake.ts';
import type { MediaStore } from './media/store.ts';
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

export const emptyStory = () =>
  errors.invalid({ text: 'Schrijf je verhaal in het tekstvak, of voeg een geluidsopname of foto toe.' });

export function createNarrativeService(deps: { db: DB; secrets: Secrets; store: MediaStore }) {
  const { db, secrets, store } = deps;

  /** Files of a story that did not get committed, or of a withdrawn one, unless another story shares them. */
  async function release(keys: string[]): Promise<void> {
    for (const key of await unreferencedKeys(db, keys)) await store.delete(key);
  }

  /** Stores the files, runs the database write, and removes the files again if the write does not commit. */
  async function withStoredMedia<T>(media: PreparedMedia[], write: (parts: Awaited<ReturnType<typeof storeMedia>>) => Promise<T>,
    committed: (result: T) => boolean): Promise<T> {
    const parts = await storeMedia(store, media);
    try {
      const result = await write(parts);
      if (!committed(result)) await release(keysOf(parts));
      return result;
    } catch (err) {
      await release(keysOf(parts)).catch(() => {});
      throw err;
    }
  }

  let reference: ReturnType<typeof referenceCodes> | undefined;

  async function checkReferences(input: NarrativeSubmission): Promise<void> {
    // Cached after the first success; a failed read (database down) is tried again next time.
    const codes = await (reference ??= referenceCodes(db).catch((err) => {
      reference = undefined;
      throw err;
    }));
    const municipalityOk = codes.municipalities.has(input.municipality);
    const careOk = !input.careType || codes.careTypes.has(input.careType);
    const providerOk = !input.provider || await providerExists(db, input.provider);
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
    async submit(input: NarrativeSubmission, opts: { idempotencyKey?: string; isDemo?: boolean; media?: PreparedMedia[] } = {}): Promise<SubmitResult> {
      const media = opts.media ?? [];
      if (!input.text && media.length === 0) throw emptyStory();
      const mediaShape = media.map((m) => (m.kind === 'audio' ? [m.kind, m.bytes] : [m.kind, m.width, m.height, m.caption]));
      const fingerprint = crypto.createHash('sha256').update(JSON.stringify([input, mediaShape])).digest('hex');
      const key = opts.idempotencyKey;
      if (key) {
        const existing = await narratives.findByIdempotencyKey(db, key);
        if (existing) return replay(existing, fingerprint, key);
      }
      await checkReferences(input);
      const receipt = key ? receiptForIdempotencyKey(secrets.receiptDerivationKey, key) : randomReceipt();
      const receiptHash = await hashReceipt(receipt);
      const outcome = await withStoredMedia(media, (parts) => narratives.insertNarrative(db, {
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
        receiptHash,
        idempotencyKey: key ?? null,
        requestFingerprint: fingerprint,
      }, parts), (o) => o.kind === 'created');
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

    async addAddition(code: string, text: string, opts: { clientKey?: string; media?: PreparedMedia[] } = {}): Promise<void> {
      const media = opts.media ?? [];
      if (!text && media.length === 0) throw emptyStory();
      const id = await resolve(code);
      const added = await withStoredMedia(media, (parts) => narratives.addAddition(db, id, text, opts.clientKey, parts), (r) => r === true);
      if (!added) throw errors.receiptNotFound();
    },

    async changeConsent(code: string, consent: ConsentScope): Promise<void> {
      const id = await resolve(code);
      if (!(await narratives.changeConsent(db, id, consent))) throw errors.receiptNotFound();
    },

    async withdraw(code: string): Promise<void> {
      const id = await resolve(code);
      const keys = await mediaKeysOfNarrative(db, id);
      if (!(await narratives.withdrawNarrative(db, id))) throw errors.receiptNotFound();
      await release(keys);
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
