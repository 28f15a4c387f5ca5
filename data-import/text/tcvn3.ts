// TCVN 5712:1993 (TCVN3, "ABC", the .Vn fonts): one byte per letter. Bytes 0x80-0xFF as
// glibc's `iconv -f TCVN` decodes them (tests compare against it); 0xB0-0xB4 are combining
// tone marks, so decoded text is NFC-normalised. Capitals with tones were drawn with
// separate "H" fonts reusing lowercase bytes, so their case can be lost in the file.
const upperHalf =
  '\xc0\u1ea2\xc3\xc1\u1ea0\u1eb6\u1eac\xc8\u1eba\u1ebc\xc9\u1eb8\u1ec6\xcc\u1ec8\u0128' +
  '\xcd\u1eca\xd2\u1ece\xd5\xd3\u1ecc\u1ed8\u1edc\u1ede\u1ee0\u1eda\u1ee2\xd9\u1ee6\u0168' +
  '\xa0\u0102\xc2\xca\xd4\u01a0\u01af\u0110\u0103\xe2\xea\xf4\u01a1\u01b0\u0111\u1eb0' +
  '\u0300\u0309\u0303\u0301\u0323\xe0\u1ea3\xe3\xe1\u1ea1\u1eb2\u1eb1\u1eb3\u1eb5\u1eaf\u1eb4' +
  '\u1eae\u1ea6\u1ea8\u1eaa\u1ea4\u1ec0\u1eb7\u1ea7\u1ea9\u1eab\u1ea5\u1ead\xe8\u1ec2\u1ebb\u1ebd' +
  '\xe9\u1eb9\u1ec1\u1ec3\u1ec5\u1ebf\u1ec7\xec\u1ec9\u1ec4\u1ebe\u1ed2\u0129\xed\u1ecb\xf2' +
  '\u1ed4\u1ecf\xf5\xf3\u1ecd\u1ed3\u1ed5\u1ed7\u1ed1\u1ed9\u1edd\u1edf\u1ee1\u1edb\u1ee3\xf9' +
  '\u1ed6\u1ee7\u0169\xfa\u1ee5\u1eeb\u1eed\u1eef\u1ee9\u1ef1\u1ef3\u1ef7\u1ef9\xfd\u1ef5\u1ed0';

const encodeTable = new Map<string, number>(
  [...upperHalf].map((char, index) => [char, 0x80 + index] as const),
);

/** Decodes TCVN3 bytes into NFC Unicode text. Bytes below 0x80 are ASCII. */
export function decodeTcvn3(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) {
    text += byte < 0x80 ? String.fromCharCode(byte) : upperHalf[byte - 0x80];
  }
  return text.normalize('NFC');
}

/** Encodes text into TCVN3; throws on a character the table cannot represent. */
export function encodeTcvn3(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const char of text.normalize('NFC')) {
    const code = char.charCodeAt(0);
    const byte = code < 0x80 ? code : encodeTable.get(char);
    if (byte === undefined) throw new RangeError(`TCVN3 cannot encode ${JSON.stringify(char)}`);
    bytes.push(byte);
  }
  return Uint8Array.from(bytes);
}

/** True when TCVN3 has a byte for `char`. */
export const tcvn3CanEncode = (char: string): boolean =>
  char.charCodeAt(0) < 0x80 || encodeTable.has(char.normalize('NFC'));
