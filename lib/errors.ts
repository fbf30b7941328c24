/** Field name → Dutch message, shown in the form's error summary and next to the field. */
export type FieldErrors = Record<string, string>;

/** The one error type of the app: an HTTP status, a stable code for clients and a Dutch message for people. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldErrors,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const errors = {
  invalid: (fields: FieldErrors) =>
    new AppError(422, 'invalid_input', 'Er ging iets mis met wat je invulde. Kijk de punten hieronder na.', fields),
  malformed: () => new AppError(400, 'malformed_request', 'We konden je bericht niet lezen. Probeer het opnieuw.'),
  tooLarge: () => new AppError(413, 'too_large', 'Je bericht is te groot om te versturen. Maak het korter en probeer het opnieuw.'),
  receiptNotFound: () =>
    new AppError(404, 'receipt_not_found', 'We vinden geen verhaal bij deze code. Kijk of je de woorden goed hebt overgenomen.'),
  receiptLocked: (seconds: number) =>
    new AppError(429, 'too_many_attempts',
      `Je hebt te vaak een verkeerde code geprobeerd. Wacht ${Math.ceil(seconds / 60)} minuten en probeer het dan opnieuw.`,
      undefined, seconds),
  tooManySubmissions: (seconds: number) =>
    new AppError(429, 'too_many_submissions',
      `Er zijn vanaf dit apparaat heel veel verhalen verstuurd. Wacht ${Math.ceil(seconds / 60)} minuten en probeer het opnieuw.`,
      undefined, seconds),
  tooManyLogins: (seconds: number) =>
    new AppError(429, 'too_many_logins',
      `Er is vanaf dit adres te vaak verkeerd ingelogd. Wacht ${Math.ceil(seconds / 60)} minuten en probeer het dan opnieuw.`,
      undefined, seconds),
  signInRequired: () => new AppError(401, 'sign_in_required', 'Log eerst in om verder te gaan.'),
  forbidden: () => new AppError(403, 'forbidden', 'Je account mag dit niet doen.'),
  conflict: (message: string) => new AppError(409, 'conflict', message),
  idempotencyConflict: () =>
    new AppError(409, 'idempotency_conflict', 'Deze verzendsleutel is al gebruikt voor een ander verhaal. Gebruik een nieuwe sleutel.'),
  csrf: () =>
    new AppError(403, 'form_expired', 'Dit formulier is verlopen of kwam niet van deze website. Je tekst staat er nog: verstuur het opnieuw.'),
  notFound: () => new AppError(404, 'not_found', 'Deze pagina bestaat niet.'),
  unavailable: () =>
    new AppError(503, 'unavailable', 'Gehoord is even niet bereikbaar. Je verhaal is niet verstuurd: probeer het over een paar minuten opnieuw.'),
};
