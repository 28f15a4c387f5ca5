const bases = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'] as const;
/** No tone, grave (huyền), acute (sắc), hook above (hỏi), tilde (ngã), dot below (nặng). */
export const toneMarks = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'] as const;

/** Every lowercase Vietnamese letter that is not plain ASCII (NFC): 72 toned vowels... and đ. */
export const vietnameseLowercase: readonly string[] = [
  ...bases.flatMap((base) => toneMarks.map((tone) => `${base}${tone}`.normalize('NFC'))),
  'đ',
].filter((letter) => /[^a-z]/.test(letter));

/** The same letters in upper case. */
export const vietnameseUppercase: readonly string[] = vietnameseLowercase.map((letter) =>
  letter.toUpperCase(),
);

const letterSet = new Set([...vietnameseLowercase, ...vietnameseUppercase]);

/** True for a Vietnamese letter outside ASCII (precomposed, NFC). */
export const isVietnameseLetter = (char: string): boolean => letterSet.has(char);
