/** The kinds of identity document a party is registered under. */
export const idKinds = ['cccd', 'cmnd', 'passport', 'business_registration'] as const;
export type IdKind = (typeof idKinds)[number];

/** The shape of each identity number, with the rule a wrong one breaks. */
export const idNumberRules: Readonly<Record<IdKind, readonly [RegExp, string]>> = {
  cccd: [/^\d{12}$/, 'a citizen identity card number has 12 digits'],
  cmnd: [/^(\d{9}|\d{12})$/, 'an identity card number has 9 or 12 digits'],
  passport: [/^[A-Z0-9]{6,9}$/, 'a passport number has 6-9 capital letters or digits'],
  business_registration: [/^\d{10}(-\d{3})?$/, 'a business registration number has 10 digits'],
};

/** The rule `idNumber` breaks for `idKind`, or undefined when it is well formed. */
export function idNumberProblem(idKind: IdKind, idNumber: string): string | undefined {
  const [pattern, rule] = idNumberRules[idKind];
  return pattern.test(idNumber) ? undefined : rule;
}
