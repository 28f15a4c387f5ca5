import type { Principal } from '../auth/principal';
import type { Logger } from '../logger';

declare module 'koa' {
  interface DefaultState {
    requestId: string;
    log: Logger;
    /** The signed-in user, when the request carries a valid session cookie. */
    principal?: Principal;
    /** The session's CSRF token, compared with X-CSRF-Token on writes. */
    csrfToken?: string;
    /** Level of the request's access-log line; `info` unless a route lowers it. */
    accessLogLevel?: 'info' | 'debug';
  }
}
