import type { Principal } from '../auth/principal';
import type { CitizenPrincipal } from '../citizens/citizen_sessions';
import type { Logger } from '../logger';

declare module 'koa' {
  interface DefaultState {
    requestId: string;
    log: Logger;
    /** The signed-in user, when the request carries a valid session cookie. */
    principal?: Principal;
    /** The session's CSRF token, compared with X-CSRF-Token on writes. */
    csrfToken?: string;
    /** The signed-in citizen, on citizen paths only (server/citizens/citizen_session_middleware.ts). */
    citizen?: CitizenPrincipal;
    /** When the citizen's session ends. */
    citizenSessionExpiresAt?: Date;
    /** Level of the request's access-log line; `info` unless a route lowers it. */
    accessLogLevel?: 'info' | 'debug';
  }
}
