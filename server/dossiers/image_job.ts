/** What the image worker is asked to do: check, normalise and thumbnail one upload. */
export interface ImageJob {
  input: string;
  /** Where the normalised image goes (JPEG and PNG only; a TIFF is kept as sent). */
  output: string;
  /** Where the JPEG thumbnail (at most 320 x 320) goes. */
  thumbnail: string;
  mediaType: 'image/jpeg' | 'image/png' | 'image/tiff';
  /** Largest width x height accepted; checked from the header before decoding. */
  maxPixels: number;
}

/**
 * The worker's answer. `message` is safe to show the uploader, except for `failed` (the
 * worker itself could not run: a server fault).
 */
export type ImageOutcome =
  | { ok: true; width: number; height: number }
  | { ok: false; reason: 'too_large' | 'unreadable' | 'timeout' | 'failed'; message: string };
