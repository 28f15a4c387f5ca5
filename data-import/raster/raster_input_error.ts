/**
 * A scanned sheet input that breaks a rule. `field` names the input (`world`, `gcp`,
 * `srid`, `image`, ...) and the message the rule, so an HTTP layer can answer with
 * `status` as it is (`expose` is set, as for Koa's own client errors); `details` carries
 * data a client can act on, such as the residual of every control point.
 */
export class RasterInputError extends Error {
  override name = 'RasterInputError';
  readonly expose = true;
  constructor(
    readonly field: string,
    message: string,
    /** 400 for malformed input, 422 for a well-formed one that cannot be accepted. */
    readonly status: 400 | 404 | 413 | 415 | 422 = 400,
    readonly details?: Record<string, unknown>,
  ) {
    super(`${field}: ${message}`);
  }
}
