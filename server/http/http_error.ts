/**
 * An error whose message is meant for the client (4xx). `field` names the input that
 * broke a rule, so forms and API clients can point at it.
 */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly expose: boolean;
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.expose = status < 500;
  }
}

/** 400 naming the field and the rule it broke: `username: must be 3-64 characters`. */
export const invalidField = (field: string, rule: string): HttpError =>
  new HttpError(400, `${field}: ${rule}`, field);
