const mebibyte = 1_048_576;

/**
 * The JavaScript heap the read worker may use for an import of at most `maxBytes`: six
 * times the upload plus 256 MB (1,792 MB for 256 MB). A real GeoJSON needs about three
 * times its size to parse (`jsonHeapEstimateMb`); a file built to blow up in memory
 * (millions of tiny arrays) needs far more and is refused instead of taking the server's
 * memory.
 */
export function readHeapLimitMb(maxBytes: number): number {
  return Math.ceil((6 * maxBytes) / mebibyte) + 256;
}

const [openArray, openObject, comma, colon] = ['[', '{', ',', ':'].map((c) => c.charCodeAt(0));

/**
 * About how much heap (MB) `JSON.parse` of `bytes` takes, from one pass over the bytes:
 * the text as a string (two bytes a character, as Vietnamese text makes it), 48 bytes per
 * array and 64 per object (header and backing store), 8 per element and 16 per property.
 * Brackets inside strings are counted too; for real files they are few.
 */
export function jsonHeapEstimateMb(bytes: Uint8Array): number {
  let arrays = 0;
  let objects = 0;
  let commas = 0;
  let colons = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === comma) commas++;
    else if (c === openArray) arrays++;
    else if (c === colon) colons++;
    else if (c === openObject) objects++;
  }
  const total = 2 * bytes.length + 48 * arrays + 64 * objects + 8 * (commas + arrays) + 16 * colons;
  return Math.ceil(total / mebibyte);
}
