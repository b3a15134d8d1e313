package dev.cake.http.promotion;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** GET /promotions/vouchers/{code}/validate: the voucher's own fields at the top level, as the original, and a message. */
public record VoucherCheck(@JsonUnwrapped VoucherResponse voucher, String message) {}
