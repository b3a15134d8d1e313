-- Accounts and refresh-token families.

CREATE TABLE users (
    id            bigserial    PRIMARY KEY,
    fullname      varchar(255) NOT NULL CHECK (length(fullname) BETWEEN 1 AND 255),
    email         varchar(254),
    username      varchar(50)  NOT NULL,
    phone         varchar(16),
    password_hash varchar(100) NOT NULL,
    birthday      date,
    role          varchar(10)  NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    latest_login  timestamptz,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now()
);

-- Registration requires email and phone; admins created from the shell may have neither.
CREATE UNIQUE INDEX users_email_key    ON users (lower(email));
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE UNIQUE INDEX users_phone_key    ON users (phone);

CREATE TABLE refresh_tokens (
    token_hash  char(64)    PRIMARY KEY,          -- SHA-256 of the opaque token, hex
    family_id   uuid        NOT NULL,
    user_id     bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    spent_at    timestamptz,                      -- rotated: the next token of the family exists
    revoked_at  timestamptz                       -- the whole family was revoked (logout or reuse)
);

CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_expiry_idx ON refresh_tokens (expires_at);
