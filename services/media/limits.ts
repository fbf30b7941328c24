/** What a sharer may upload with one story (issue "Voice notes and images"). */
export const mediaLimits = {
  audioMaxBytes: 25 * 1024 * 1024,
  audioMaxSeconds: 10 * 60,
  imageMaxBytes: 15 * 1024 * 1024,
  imagesPerStory: 4,
  /**
   * Decoded size cap: 120 megapixels still admits 108 MP phone photos, but stops
   * "decompression bomb" files whose tiny upload decodes to gigabytes of pixels.
   */
  imageMaxPixels: 120_000_000,
} as const;
