import { DiagisError, type ErrorCode } from '../../core/errors/diagis_error';

/**
 * A scanned sheet input that breaks a rule. `field` names the input (`world`, `gcp`,
 * `srid`, `image`, ...) and the message the rule; `code` says what kind of refusal it is
 * (`invalid_input` for malformed input, `unprocessable` for a well-formed one that cannot
 * be accepted, `not_found`, `too_large`, `unsupported_type`); `details` carries data a
 * client can act on, such as the residual of every control point.
 */
export class RasterInputError extends DiagisError {
  override name = 'RasterInputError';
  constructor(
    field: string,
    rule: string,
    code: Extract<
      ErrorCode,
      'invalid_input' | 'not_found' | 'too_large' | 'unsupported_type' | 'unprocessable'
    > = 'invalid_input',
    details?: Record<string, unknown>,
  ) {
    super(code, `${field}: ${rule}`, { field, details });
  }
}
