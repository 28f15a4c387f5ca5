/**
 * A scanned sheet input that breaks a rule. `field` names the input (`world`, `gcp`,
 * `srid`, `image`, ...); the message says which rule, so an API can answer 4xx with it.
 */
export class RasterInputError extends Error {
  override name = 'RasterInputError';
  constructor(
    readonly field: string,
    message: string,
    /** 400 for malformed input, 422 for a well-formed one that cannot be accepted. */
    readonly status: 400 | 413 | 415 | 422 = 400,
  ) {
    super(`${field}: ${message}`);
  }
}
