/**
 * What the worker needs from a speech recogniser. The Whisper implementation lives in
 * whisper.ts; tests and machines without a speech model inject their own implementation.
 */
export const SPEECH_SAMPLE_RATE = 16_000;

export interface TranscriptSegment {
  /** Seconds from the start of the recording. */
  start: number;
  end: number;
  text: string;
}

export interface Transcript {
  text: string;
  segments: TranscriptSegment[];
  /** Which model produced it, kept with the transcript so reviewers know it is machine-made. */
  model: string;
}

export interface Transcriber {
  readonly name: string;
  /** Mono PCM samples at 16 kHz in [-1, 1]. */
  transcribe(pcm16k: Float32Array): Promise<Transcript>;
  close(): Promise<void>;
}

/** Either a working transcriber, or the reason there is none (shown to the operator). */
export type TranscriberLoad = { transcriber: Transcriber; reason?: undefined } | { transcriber: null; reason: string };
