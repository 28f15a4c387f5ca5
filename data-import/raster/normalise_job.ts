/** What the normalise worker is asked to do with one scanned sheet. */
export interface NormaliseJob {
  input: string;
  /** Where the normalised sheet goes: a tiled, pyramidal, deflate-compressed sRGB TIFF. */
  output: string;
  /** Largest width × height accepted; checked from the header before decoding. */
  maxPixels: number;
}

/** The worker's answer; `message` is safe to show the uploader except for `failed`. */
export type NormaliseOutcome =
  | { ok: true; width: number; height: number; sourceFormat: string; pages: number }
  | {
      ok: false;
      reason: 'too_large' | 'unsupported' | 'unreadable' | 'timeout' | 'failed';
      message: string;
    };

/** Formats a scanned sheet may come in (sharp's names). */
export const scanFormats = ['jpeg', 'png', 'tiff'] as const;
