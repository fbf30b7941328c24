import { pipeline } from '@huggingface/transformers';
import { errorMessage, findLocalModel, type ModelDtype } from '../embeddings/local-models.ts';
import { SPEECH_SAMPLE_RATE, type Transcript, type TranscriberLoad, type TranscriptSegment } from './transcriber.ts';

export interface TranscriberOptions {
  modelsDir: string;
  /** Folder name under modelsDir, e.g. "Xenova/whisper-small". */
  modelName: string;
  device?: 'cpu' | 'auto';
  dtype?: ModelDtype;
}

/**
 * Dutch, transcribed (not translated), with segment timestamps so reviewers can jump to the
 * spot in the recording. Whisper reads 30-second windows; 5 s of overlap keeps words at the
 * window edges from being cut in half.
 */
export const WHISPER_OPTIONS = {
  language: 'dutch',
  task: 'transcribe',
  return_timestamps: true,
  chunk_length_s: 30,
  stride_length_s: 5,
} as const;

/** The shape the automatic-speech-recognition pipeline returns with timestamps on. */
export interface WhisperOutput {
  text: string;
  /** The last chunk's end is null when the recording stops mid-segment. */
  chunks?: { timestamp: [number | null, number | null]; text: string }[];
}

/** Loads a Whisper model from the local models folder; never downloads. */
export async function loadTranscriber(options: TranscriberOptions): Promise<TranscriberLoad> {
  const { modelsDir, modelName, device = 'cpu' } = options;
  const local = await findLocalModel(modelsDir, modelName, 'automatic-speech-recognition', options.dtype);
  if (!local.ok) {
    return { transcriber: null, reason: `Geen spraakmodel: ${local.reason}. Spraakberichten wachten op een handmatige transcriptie.` };
  }
  try {
    const recognise = await pipeline('automatic-speech-recognition', local.folder, { device, dtype: local.dtype });
    return {
      transcriber: {
        name: modelName,
        async transcribe(pcm16k) {
          if (pcm16k.length === 0) return { text: '', segments: [], model: modelName };
          const output = await recognise(pcm16k, WHISPER_OPTIONS) as WhisperOutput;
          return toTranscript(output, pcm16k.length / SPEECH_SAMPLE_RATE, modelName);
        },
        close: () => recognise.dispose(),
      },
    };
  } catch (error) {
    return { transcriber: null, reason: `Spraakmodel "${modelName}" kon niet laden: ${errorMessage(error)}` };
  }
}

/** Trims the pipeline's text and turns its chunks into segments with a known end. */
export function toTranscript(output: WhisperOutput, durationS: number, model: string): Transcript {
  const segments: TranscriptSegment[] = (output.chunks ?? [])
    .map(({ timestamp: [start, end], text }) => ({ start: start ?? 0, end: end ?? durationS, text: text.trim() }))
    .filter((segment) => segment.text !== '');
  return { text: output.text.trim(), segments, model };
}
