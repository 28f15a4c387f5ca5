import { join } from 'node:path';

/** Path of a normalised sheet relative to the scan store: `ab/abcdef….tif`. */
export const scanRelativePath = (sha256: string): string => `${sha256.slice(0, 2)}/${sha256}.tif`;

/** Absolute path of a stored sheet; `relative` comes from the database, never from a client. */
export const scanAbsolutePath = (storeDir: string, relative: string): string =>
  join(storeDir, relative);
