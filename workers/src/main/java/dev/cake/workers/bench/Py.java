package dev.cake.workers.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;

/**
 * Numbers written the way the users report has always written them (it was a Python script until it moved into the
 * build): {@code round()} to the nearest even on the exact binary value, {@code str()} of a float, and the
 * {@code g}, {@code .1f} and {@code ,} formats. Keeping them makes a report comparable with earlier runs'.
 */
final class Py {
  private Py() {}

  /** Python's {@code round(x)}: the nearest integer, ties to even. */
  static long round(double x) {
    return new BigDecimal(x).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
  }

  /** Python's {@code round(x, digits)}. */
  static double round(double x, int digits) {
    return new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).doubleValue();
  }

  /** Python's {@code sum()} of floats (3.11: left to right). */
  static double sum(List<Double> values) {
    double total = 0;
    for (double v : values) {
      total += v;
    }
    return total;
  }

  /** Python's {@code str()} of a float: the shortest repr, with ".0" on whole numbers. */
  static String repr(double x) {
    double abs = Math.abs(x);
    if (abs != 0 && (abs < 1e-4 || abs >= 1e16)) {
      return Double.toString(x);
    }
    String plain = new BigDecimal(Double.toString(x)).toPlainString();
    return plain.contains(".") ? plain : plain + ".0";
  }

  /** Python's {@code str()} of a JSON value: ints as ints, floats as floats, null as None. */
  static String str(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "None";
    }
    if (v.isIntegralNumber()) {
      return v.asText();
    }
    if (v.isNumber()) {
      return repr(v.asDouble());
    }
    return v.asText();
  }

  /** {@code format(x, ".Nf")}. */
  static String f(double x, int digits) {
    return new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
  }

  /** {@code format(x, ",")} of an integer. */
  static String comma(long x) {
    return String.format(Locale.ROOT, "%,d", x);
  }

  /** {@code format(x, ",.0f")}. */
  static String comma0(double x) {
    var format = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
    return format.format(new BigDecimal(x).setScale(0, RoundingMode.HALF_EVEN));
  }

  /** {@code format(x, "g")}: 6 significant digits, trailing zeros dropped, exponent outside 1e-4 .. 1e6. */
  static String g(double x) {
    if (x == 0) {
      return "0";
    }
    BigDecimal bd = new BigDecimal(x).round(new MathContext(6, RoundingMode.HALF_EVEN));
    int exp = bd.precision() - bd.scale() - 1;
    if (exp >= -4 && exp < 6) {
      return bd.stripTrailingZeros().toPlainString();
    }
    String mantissa = bd.movePointLeft(exp).stripTrailingZeros().toPlainString();
    return mantissa + (exp < 0 ? "e-" : "e+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
  }

  /** {@code html.escape(s)}. */
  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#x27;");
  }
}
