/**
 * A server's answer as the client reads it after JSON.parse: every Date is its ISO text.
 * The shapes in core/api are written as the server builds them (with Dates); the web
 * client reads them as `AsJson<Shape>`.
 */
export type AsJson<T> = T extends Date
  ? string
  : T extends object
    ? { [K in keyof T]: AsJson<T[K]> }
    : T;
