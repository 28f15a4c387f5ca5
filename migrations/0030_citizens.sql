-- Citizens who sign in with OpenID Connect (VNeID, the national public-service portal or
-- the local test provider), their sessions and their sign-ins in progress. A schema of its
-- own, apart from staff (`auth`): a citizen is not a user, holds no role and sees only the
-- dossiers whose applicant carries the citizen's ID number. The public role cannot read it.
CREATE SCHEMA citizen;

-- One row per identity at a provider: (issuer, subject) as the provider sends them; name,
-- ID number and e-mail are copied from the claims at every sign-in.
CREATE TABLE citizen.account (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  issuer text NOT NULL,
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
  full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
  -- Số định danh cá nhân: the 12 digits of the citizen identity card (CCCD).
  id_number text NOT NULL CHECK (id_number ~ '^[0-9]{12}$'),
  email text CHECK (length(email) <= 254),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  last_signed_in_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (issuer, subject)
);
CREATE INDEX account_id_number_idx ON citizen.account (id_number);

-- The cookie carries a random token; only its SHA-256 is stored. No provider token is kept.
CREATE TABLE citizen.session (
  token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
  account_id bigint NOT NULL REFERENCES citizen.account (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip inet,
  user_agent text
);
CREATE INDEX session_account_idx ON citizen.session (account_id);
CREATE INDEX session_expires_idx ON citizen.session (expires_at);

-- A sign-in between the redirect to the provider and its answer: the values the callback
-- must check (state, nonce, PKCE verifier), found by the hash of a short-lived cookie and
-- deleted when the callback reads it, so an answer is accepted at most once. Kept in the
-- database, not in the process, so any server process can take the callback.
CREATE TABLE citizen.sign_in (
  binding_hash bytea PRIMARY KEY CHECK (length(binding_hash) = 32),
  state text NOT NULL,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  redirect_uri text NOT NULL,
  return_to text NOT NULL CHECK (return_to ~ '^/[A-Za-z0-9._~/-]*$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sign_in_expires_idx ON citizen.sign_in (expires_at);

SELECT audit.enable('citizen.account', 'id');
SELECT audit.enable('citizen.session', 'account_id', '{token_hash,csrf_token}');
