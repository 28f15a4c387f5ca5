/**
 * Startup options of a connection that serves anonymous reads: every session runs as the
 * `diagis_public` role with read-only transactions, the guarantee of `asPublic` held for
 * the whole session, so no query on it can reach personal data or write.
 */
export const publicSessionOptions = '-c role=diagis_public -c default_transaction_read_only=on';
