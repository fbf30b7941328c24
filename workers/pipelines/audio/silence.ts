/** Loudest 30 ms window below this level counts as "nothing to hear" (speech on a phone peaks far above). */
const SILENCE_DBFS = -45;

/**
 * True when no 30 ms window of the recording rises above SILENCE_DBFS: a muted microphone or an
 * empty recording. It still decodes fine, so this is a flag for the sharer or reviewer, not a crash.
 */
export function isSilent(pcm: Float32Array, sampleRate = 16_000, thresholdDbfs = SILENCE_DBFS): boolean {
  const window = Math.max(1, Math.round(sampleRate * 0.03));
  const threshold = 10 ** (thresholdDbfs / 20);
  for (let start = 0; start < pcm.length; start += window) {
    const end = Math.min(pcm.length, start + window);
    let sum = 0;
    for (let i = start; i < end; i++) sum += pcm[i] * pcm[i];
    if (Math.sqrt(sum / (end - start)) > threshold) return false;
  }
  return true;
}
