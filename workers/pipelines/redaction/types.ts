/** Kinds of personal data the detector finds. */
export const PII_KINDS = [
  'phone', 'email', 'bsn', 'iban', 'postcode_address', 'street_address', 'date_of_birth', 'url', 'name',
] as const;
export type PiiKind = (typeof PII_KINDS)[number];

/** A reviewer may mask something that fits none of the detected kinds (a school, a nickname). */
export type SpanKind = PiiKind | 'other';

/** A stretch of the original text, in JS string offsets, end exclusive. */
export interface Span {
  start: number;
  end: number;
  kind: SpanKind;
}
