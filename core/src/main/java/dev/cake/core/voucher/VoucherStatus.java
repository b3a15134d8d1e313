package dev.cake.core.voucher;

import java.util.Locale;

public enum VoucherStatus {
  ACTIVE, RESERVED, USED, EXPIRED, CANCELLED;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static VoucherStatus of(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
