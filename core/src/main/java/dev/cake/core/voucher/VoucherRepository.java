package dev.cake.core.voucher;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: reading a user's vouchers, and the expiry transition (the others are parts of an enrolment or a top-up). */
public interface VoucherRepository {
  /** The user's vouchers, newest first. */
  List<Voucher> vouchersOf(long userId);

  /** The user's voucher with this code; someone else's reads as none. */
  Optional<Voucher> voucherOf(long userId, String code);

  /** Whose voucher {@code code} is (asked only when a top-up names a code that is not the caller's). */
  Optional<Long> ownerOf(String code);

  /**
   * Active vouchers past their expiry at {@code now} become expired, with the promotions that issued them. Returns
   * the ids of the users whose vouchers expired (one entry per voucher).
   */
  List<Long> expire(Instant now);
}
