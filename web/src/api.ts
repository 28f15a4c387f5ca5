import type { Session } from '../../core/api/session';

export type { Session } from '../../core/api/session';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The `error` object of the response body (rule, location, violations …), when there was one. */
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
  }
}

async function parse<T>(response: Response): Promise<T> {
  if (response.ok) return (response.status === 204 ? undefined : await response.json()) as T;
  const body = await response.json().catch(() => undefined);
  throw new ApiError(response.status, body?.error?.message ?? response.statusText, body?.error);
}

/** GET a JSON document from the diagis API. */
export const getJson = async <T>(path: string): Promise<T> =>
  parse<T>(await fetch(path, { credentials: 'same-origin' }));

/** POST JSON with the session's CSRF token. */
export const postJson = async <T>(
  path: string,
  body: unknown,
  csrfToken: string | undefined,
): Promise<T> =>
  parse<T>(
    await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}),
      },
      body: JSON.stringify(body),
    }),
  );

/** Sends JSON with any write method and extra headers (e.g. If-Match) plus the session's CSRF token. */
export const sendJson = async <T>(
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body: unknown,
  csrfToken: string | undefined,
  headers: Record<string, string> = {},
): Promise<T> =>
  parse<T>(
    await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}),
        ...headers,
      },
      body: JSON.stringify(body),
    }),
  );

/** The current session, or undefined when nobody is signed in. */
export async function currentSession(): Promise<Session | undefined> {
  try {
    return await getJson<Session>('/api/me');
  } catch {
    return undefined;
  }
}

/** Roles that see staff tiles and the staff style. */
export const isStaff = (session: Session | undefined): boolean => session !== undefined;
