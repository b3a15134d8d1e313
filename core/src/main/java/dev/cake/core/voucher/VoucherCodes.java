package dev.cake.core.voucher;

import java.security.SecureRandom;

/** Voucher codes in the original's format: {@code CAKE-} and 8 characters of [A-Z0-9] from a CSPRNG. */
public final class VoucherCodes {
  private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private VoucherCodes() {}

  public static String next() {
    char[] code = new char[8];
    for (int i = 0; i < code.length; i++) code[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    return "CAKE-" + new String(code);
  }

  public static boolean looksValid(String code) {
    return code != null && code.matches("CAKE-[A-Z0-9]{8}");
  }
}
