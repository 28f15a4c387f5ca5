/** The shapes of the sign-in API (/api/auth), built by the server, read by the web client. */
import type { Role } from '../auth/roles';

/** The signed-in staff member as the header shows them. */
export interface SignedInUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  office: { id: number; code: string; name: string; kind: string } | null;
}

/** POST /api/auth/login (which adds `expiresAt`) and GET /api/me. */
export interface Session {
  user: SignedInUser;
  /** Sent back as X-CSRF-Token on every write. */
  csrfToken: string;
}
