package dev.cake.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The one place where every string and decimal of every JSON request body is checked, before any rule, limit or
 * database lookup sees it: no control characters (C0, DEL, C1, line and paragraph separators), no lone surrogates,
 * at most {@link #MAX_LENGTH} characters per field (others {@link #DEFAULT_MAX_LENGTH}), decimals within
 * {@link #MAX_DIGITS} digits either side of the point, JSON nested at most {@link #MAX_NESTING} deep.
 * A broken rule is a 400 naming the field ({@link JsonBody}).
 */
public final class InputRules {
  /** Maximum length in UTF-16 characters of each JSON field, by its name on the wire. */
  public static final Map<String, Integer> MAX_LENGTH = Map.ofEntries(
      Map.entry("account", 254),
      Map.entry("email", 254),
      Map.entry("username", 50),
      Map.entry("fullname", 255),
      Map.entry("phone", 32),
      Map.entry("phoneNumber", 32),
      Map.entry("password", 72), // bcrypt reads 72 bytes; 72 characters are at least 72 bytes
      Map.entry("birthday", 32),
      Map.entry("refresh_token", 512),
      Map.entry("name", 255),
      Map.entry("description", 2000),
      Map.entry("type", 32),
      Map.entry("startDate", 64),
      Map.entry("endDate", 64),
      Map.entry("status", 16),
      Map.entry("voucherCode", 32),
      Map.entry("paymentMethod", 32));

  /** The largest request body: Jetty's limit and the early Content-Length check answer 413 above it. */
  public static final int MAX_BODY_BYTES = 64 * 1024;
  /** Any string field not in {@link #MAX_LENGTH}. */
  public static final int DEFAULT_MAX_LENGTH = 1000;
  /** A decimal may have at most this many digits before and after the point (1e400 and 1e-400 are refused). */
  public static final int MAX_DIGITS = 20;
  /** Our bodies are flat objects; deeper JSON is refused by the parser before it can cost a deep stack. */
  public static final int MAX_NESTING = 32;

  private InputRules() {}

  /** The parser limits: nesting depth and number length. */
  static StreamReadConstraints streamConstraints() {
    return StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).maxNumberLength(100).build();
  }

  /** The Jackson module applying these rules to every {@code String} and {@code BigDecimal} property. */
  static SimpleModule module() {
    return new SimpleModule("cake-input-rules")
        .addDeserializer(String.class, new Text(DEFAULT_MAX_LENGTH))
        .addDeserializer(BigDecimal.class, new Decimal());
  }

  /** What is wrong with {@code value}, worded to follow the field name; null when nothing is. */
  public static String problem(String value, int maxLength) {
    if (value.length() > maxLength) return "must be at most " + maxLength + " characters";
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        return "must not contain control characters";
      }
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "must not contain unpaired surrogates (invalid Unicode)";
      }
    }
    return null;
  }

  /** A request value that breaks an input rule; Jackson adds the field path, {@link JsonBody} makes it a 400. */
  public static final class Rejected extends MismatchedInputException {
    private final String problem;

    Rejected(JsonParser p, Class<?> type, String problem) {
      super(p, problem, type);
      this.problem = problem;
    }

    public String problem() {
      return problem;
    }
  }

  /** Strings as Jackson reads them (same coercion rules), then checked against the field's limits. */
  static final class Text extends StdScalarDeserializer<String> implements ContextualDeserializer {
    private final int maxLength;

    Text(int maxLength) {
      super(String.class);
      this.maxLength = maxLength;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
      int max = property == null ? DEFAULT_MAX_LENGTH
          : MAX_LENGTH.getOrDefault(property.getName(), DEFAULT_MAX_LENGTH);
      return max == maxLength ? this : new Text(max);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String value = StringDeserializer.instance.deserialize(p, ctxt);
      if (value == null) return null;
      String problem = problem(value, maxLength);
      if (problem != null) throw new Rejected(p, String.class, problem);
      return value;
    }
  }

  /** Decimals as Jackson reads them, refused when absurdly large or fine-grained. */
  static final class Decimal extends StdScalarDeserializer<BigDecimal> {
    Decimal() {
      super(BigDecimal.class);
    }

    @Override
    public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      BigDecimal value = NumberDeserializers.BigDecimalDeserializer.instance.deserialize(p, ctxt);
      if (value == null) return null;
      if (value.precision() - value.scale() > MAX_DIGITS || value.scale() > MAX_DIGITS) {
        throw new Rejected(p, BigDecimal.class, "is out of range");
      }
      return value;
    }
  }
}
