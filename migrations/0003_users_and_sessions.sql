-- Users, roles and server-side sessions; login attempts for rate limiting across instances.
CREATE SCHEMA auth;

CREATE TABLE auth.role (
  code text PRIMARY KEY,
  name_vi text NOT NULL,
  name_en text NOT NULL
);
INSERT INTO auth.role (code, name_vi, name_en) VALUES
  ('admin', 'Quản trị hệ thống', 'Administrator'),
  ('surveyor', 'Cán bộ đo đạc', 'Surveyor'),
  ('officer', 'Cán bộ đăng ký đất đai', 'Land-registration officer'),
  ('viewer', 'Người xem', 'Viewer');

CREATE TABLE auth.app_user (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
  display_name text NOT NULL,
  email text,
  password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  role text NOT NULL REFERENCES auth.role (code),
  office_id integer REFERENCES org.office (id),
  active boolean NOT NULL DEFAULT true,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  password_changed_at timestamptz NOT NULL DEFAULT now()
);

-- The cookie carries a random token; only its SHA-256 is stored.
CREATE TABLE auth.session (
  token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
  user_id integer NOT NULL REFERENCES auth.app_user (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip inet,
  user_agent text
);
CREATE INDEX session_user_idx ON auth.session (user_id);
CREATE INDEX session_expires_idx ON auth.session (expires_at);

CREATE TABLE auth.login_attempt (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL,
  ip inet,
  attempted_at timestamptz NOT NULL DEFAULT now(),
  succeeded boolean NOT NULL
);
CREATE INDEX login_attempt_username_idx ON auth.login_attempt (username, attempted_at);
CREATE INDEX login_attempt_ip_idx ON auth.login_attempt (ip, attempted_at);
