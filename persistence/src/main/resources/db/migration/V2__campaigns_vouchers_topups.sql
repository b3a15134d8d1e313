-- First-login campaigns, the promotions and vouchers they issue, and mobile top-ups.

CREATE TABLE campaigns (
    id                    bigserial     PRIMARY KEY,
    name                  varchar(255)  NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    description           text,
    type                  varchar(32)   NOT NULL DEFAULT 'first_login_discount'
                                        CHECK (type IN ('first_login_discount')),
    status                varchar(10)   NOT NULL DEFAULT 'active'
                                        CHECK (status IN ('active', 'inactive', 'full', 'expired')),
    start_at              timestamptz   NOT NULL,
    end_at                timestamptz   NOT NULL,
    max_participants      integer       NOT NULL CHECK (max_participants BETWEEN 1 AND 1000000),
    current_participants  integer       NOT NULL DEFAULT 0,
    discount_percentage   numeric(5,2)  NOT NULL CHECK (discount_percentage > 0 AND discount_percentage <= 100),
    min_topup_amount      numeric(14,2) NOT NULL DEFAULT 0 CHECK (min_topup_amount >= 0),
    max_discount_amount   numeric(14,2) CHECK (max_discount_amount IS NULL OR max_discount_amount > 0),
    voucher_validity_days integer       NOT NULL CHECK (voucher_validity_days BETWEEN 1 AND 365),
    created_at            timestamptz   NOT NULL DEFAULT now(),
    updated_at            timestamptz   NOT NULL DEFAULT now(),
    CHECK (end_at > start_at),
    CHECK (current_participants BETWEEN 0 AND max_participants)
);
-- The enrolment query and the public list read only active campaigns.
CREATE INDEX campaigns_active_idx ON campaigns (type, start_at, end_at) WHERE status = 'active';

CREATE TABLE user_promotions (
    id                  bigserial   PRIMARY KEY,
    user_id             bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    campaign_id         bigint      NOT NULL REFERENCES campaigns (id),
    participation_order integer     NOT NULL CHECK (participation_order > 0),
    status              varchar(16) NOT NULL DEFAULT 'voucher_issued'
                                    CHECK (status IN ('eligible', 'voucher_issued', 'voucher_used', 'expired')),
    first_login_at      timestamptz NOT NULL,
    voucher_issued_at   timestamptz,
    voucher_used_at     timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_promotions_user_campaign_key UNIQUE (user_id, campaign_id),
    CONSTRAINT user_promotions_campaign_order_key UNIQUE (campaign_id, participation_order)
);

CREATE TABLE vouchers (
    id                  bigserial     PRIMARY KEY,
    code                varchar(13)   NOT NULL CHECK (code ~ '^CAKE-[A-Z0-9]{8}$'),
    user_id             bigint        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_promotion_id   bigint        NOT NULL REFERENCES user_promotions (id) ON DELETE CASCADE,
    campaign_id         bigint        NOT NULL REFERENCES campaigns (id),
    type                varchar(32)   NOT NULL DEFAULT 'mobile_topup_discount'
                                      CHECK (type IN ('mobile_topup_discount')),
    status              varchar(10)   NOT NULL DEFAULT 'active'
                                      CHECK (status IN ('active', 'reserved', 'used', 'expired', 'cancelled')),
    discount_percentage numeric(5,2)  NOT NULL,
    min_topup_amount    numeric(14,2) NOT NULL,
    max_discount_amount numeric(14,2),
    issued_at           timestamptz   NOT NULL DEFAULT now(),
    expires_at          timestamptz   NOT NULL,
    reserved_at         timestamptz,
    used_at             timestamptz,
    used_amount         numeric(14,2),
    discount_amount     numeric(14,2),
    transaction_id      varchar(64),
    CONSTRAINT vouchers_code_key UNIQUE (code),
    CONSTRAINT vouchers_promotion_key UNIQUE (user_promotion_id),
    CHECK ((status = 'used') = (used_at IS NOT NULL)),
    CHECK ((status = 'reserved') = (reserved_at IS NOT NULL))
);
CREATE INDEX vouchers_user_idx ON vouchers (user_id, issued_at DESC);
CREATE INDEX vouchers_expiry_idx ON vouchers (expires_at) WHERE status = 'active';
CREATE INDEX vouchers_reserved_idx ON vouchers (reserved_at) WHERE status = 'reserved';

CREATE TABLE topups (
    id               bigserial     PRIMARY KEY,
    transaction_id   varchar(64)   NOT NULL,
    user_id          bigint        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    phone_number     varchar(16)   NOT NULL,
    original_amount  numeric(14,2) NOT NULL CHECK (original_amount > 0),
    discount_amount  numeric(14,2) NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
    final_amount     numeric(14,2) NOT NULL CHECK (final_amount >= 0),
    voucher_id       bigint        REFERENCES vouchers (id),
    payment_method   varchar(20)   NOT NULL CHECK (payment_method IN ('bank_transfer')),
    status           varchar(10)   NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
    failure_reason   text,
    idempotency_key  varchar(255),
    request_hash     char(64),
    created_at       timestamptz   NOT NULL DEFAULT now(),
    updated_at       timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT topups_transaction_key UNIQUE (transaction_id),
    CONSTRAINT topups_idempotency_key UNIQUE (user_id, idempotency_key),
    CHECK (final_amount = original_amount - discount_amount),
    CHECK ((idempotency_key IS NULL) = (request_hash IS NULL))
);
-- A voucher backs at most one top-up that is in flight or done: never spent twice, even by a bug elsewhere.
CREATE UNIQUE INDEX topups_voucher_once ON topups (voucher_id) WHERE status IN ('pending', 'succeeded');
CREATE INDEX topups_user_idx ON topups (user_id, id DESC);
CREATE INDEX topups_pending_idx ON topups (created_at) WHERE status = 'pending';
