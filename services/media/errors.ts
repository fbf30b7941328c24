import { AppError } from '../../lib/errors.ts';
import { mediaLimits } from './limits.ts';

export type MediaRejectionCode =
  | 'media_empty'
  | 'media_unsupported'
  | 'image_heic'
  | 'image_unsupported'
  | 'image_too_large'
  | 'image_too_many_pixels'
  | 'image_broken'
  | 'too_many_images'
  | 'audio_unsupported'
  | 'audio_too_large'
  | 'audio_too_long'
  | 'audio_broken'
  | 'audio_no_sound_track'
  | 'audio_silent'
  | 'audio_decoder_failed';

/**
 * An upload or media file we cannot use. `retryable` separates "this file will never work"
 * (the sharer must act) from "our side failed" (the job queue may try again).
 * `detail` is for logs only (e.g. the end of ffmpeg's output); never show it to people.
 */
export class MediaRejection extends AppError {
  constructor(
    status: number,
    override readonly code: MediaRejectionCode,
    message: string,
    readonly retryable = false,
    readonly detail?: string,
  ) {
    super(status, code, message);
  }
}

const SEND_IMAGE_AS = 'Stuur je afbeelding als JPG, PNG of WebP.';
const SEND_AUDIO_AS = 'Stuur je opname als MP3, M4A, OGG, WebM of WAV, of neem je bericht hier op de website op.';
const maxMinutes = mediaLimits.audioMaxSeconds / 60;

/** "2 uur en 5 minuten", "12 minuten": how long a recording is, in words a sharer reads easily. */
export function durationInWords(seconds: number): string {
  const totalMinutes = Math.round(seconds / 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  const minutePart = `${minutes} ${minutes === 1 ? 'minuut' : 'minuten'}`;
  if (hours === 0) return minutePart;
  return minutes === 0 ? `${hours} uur` : `${hours} uur en ${minutePart}`;
}

export const mediaErrors = {
  empty: () => new MediaRejection(422, 'media_empty',
    'Het bestand is leeg. Kies het bestand opnieuw, of neem je bericht opnieuw op.'),
  unsupported: () => new MediaRejection(415, 'media_unsupported',
    'We kunnen dit bestand niet openen als foto of als geluidsopname. '
    + 'Stuur een foto (JPG, PNG of WebP) of een geluidsopname (MP3, M4A, OGG, WebM of WAV).'),
  heic: () => new MediaRejection(415, 'image_heic',
    'Deze foto is een HEIC-bestand (van een iPhone of iPad). Dat kunnen we nog niet openen. '
    + 'Maak een schermafbeelding van de foto en stuur die. '
    + 'Of zet je iPhone op "Meest compatibel": Instellingen > Camera > Formaten.'),
  imageUnsupported: (label: string) => new MediaRejection(415, 'image_unsupported',
    `Een ${label}-afbeelding kunnen we niet gebruiken. ${SEND_IMAGE_AS} Lukt dat niet? Maak dan een schermafbeelding en stuur die.`),
  imageTooLarge: () => new MediaRejection(413, 'image_too_large',
    `Deze foto is groter dan ${mediaLimits.imageMaxBytes / 1024 / 1024} MB. Maak de foto kleiner, of stuur een schermafbeelding ervan.`),
  imageTooManyPixels: () => new MediaRejection(413, 'image_too_many_pixels',
    'Deze afbeelding is te groot om te openen. Stuur een kleinere foto, of een schermafbeelding ervan.'),
  imageBroken: () => new MediaRejection(422, 'image_broken',
    'We kunnen deze foto niet openen. Misschien is hij niet helemaal meegestuurd. Probeer het opnieuw, of kies een andere foto.'),
  tooManyImages: () => new MediaRejection(422, 'too_many_images',
    `Je kunt hoogstens ${mediaLimits.imagesPerStory} foto's bij één verhaal sturen. Haal er een paar weg en probeer het opnieuw.`),
  audioUnsupported: (label: string) => new MediaRejection(415, 'audio_unsupported',
    `Een ${label}-bestand kunnen we niet afspelen. ${SEND_AUDIO_AS}`),
  audioTooLarge: () => new MediaRejection(413, 'audio_too_large',
    `Deze opname is groter dan ${mediaLimits.audioMaxBytes / 1024 / 1024} MB. Maak een kortere opname, van hoogstens ${maxMinutes} minuten.`),
  /** `seconds` is undefined when we only know the recording passed the limit, not its full length. */
  audioTooLong: (seconds?: number) => new MediaRejection(422, 'audio_too_long',
    (seconds === undefined ? `Je opname duurt langer dan ${maxMinutes} minuten. `
      : `Je opname duurt ${durationInWords(seconds)}. Dat is langer dan ${maxMinutes} minuten. `)
    + `Maak een kortere opname van hoogstens ${maxMinutes} minuten. De rest van je verhaal kun je ook opschrijven.`),
  audioBroken: (detail?: string) => new MediaRejection(422, 'audio_broken',
    'We kunnen deze opname niet afspelen. Misschien is hij niet helemaal meegestuurd. '
    + 'Probeer het opnieuw, of neem je bericht opnieuw op.', false, detail),
  audioNoSoundTrack: () => new MediaRejection(422, 'audio_no_sound_track',
    `Er zit geen geluid in dit bestand. ${SEND_AUDIO_AS}`),
  audioSilent: () => new MediaRejection(422, 'audio_silent',
    'We horen niets in deze opname. Kijk of je microfoon aan staat en neem je bericht opnieuw op.'),
  audioDecoderFailed: (detail?: string) => new MediaRejection(500, 'audio_decoder_failed',
    'Het lukte ons niet om je opname te verwerken. Dat ligt niet aan jou. Probeer het over een paar minuten opnieuw.',
    true, detail),
};
