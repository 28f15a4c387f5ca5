/** The roles a staff user can hold; what each may do is `server/auth/access_policy.ts`. */
export const roles = ['admin', 'surveyor', 'officer', 'viewer'] as const;
export type Role = (typeof roles)[number];
