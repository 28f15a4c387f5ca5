// A Vietnamese syllable without its tone: initial consonant, vowel nucleus, final consonant.
// Text decoded with the wrong legacy table still consists of letters, but of letters no
// Vietnamese word has in that order ("chaứo"), which is what this catches.
const initials = 'ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|b|c|d|đ|g|h|k|l|m|n|p|q|r|s|t|v|x';
const nuclei = [
  'uyê|uyu|uya|iêu|yêu|oai|oay|oao|oeo|uây|uôi|ươi|ươu',
  'ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|yê',
  'a|ă|â|e|ê|i|o|ô|ơ|u|ư|y',
].join('|');
const finals = 'ch|ng|nh|c|m|n|p|t|i|o|u|y';
const syllable = new RegExp(`^(?:${initials})?(?:${nuclei})(?:${finals})?$`);
const toneMark = /[\u0300\u0301\u0303\u0309\u0323]/g;

/** The word without its tone mark, lower case, NFC (keeps ă â ê ô ơ ư đ). */
export function withoutTone(word: string): string {
  return word.normalize('NFD').replace(toneMark, '').normalize('NFC').toLowerCase();
}

/** True when `word` (letters only) can be one Vietnamese syllable with at most one tone. */
export function isVietnameseSyllable(word: string): boolean {
  const tones = word.normalize('NFD').match(toneMark)?.length ?? 0;
  if (tones > 1) return false;
  const bare = withoutTone(word);
  // gi + vowel and qu + vowel: the i / u belongs to the initial.
  return (
    syllable.test(bare) || (/^gi[^aeiouyăâêôơư]/.test(bare) && syllable.test(`g${bare.slice(1)}`))
  );
}
