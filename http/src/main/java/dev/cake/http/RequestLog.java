package dev.cake.http;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Request ids and the access log. The id comes from a well-formed {@code X-Request-Id} header (e.g. set by nginx)
 * or is made here; it is returned in the response header and written into every log line of the request (MDC).
 */
public final class RequestLog {
  public static final String HEADER = "X-Request-Id";
  private static final String ATTRIBUTE = "cake.requestId";
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Logger access = LoggerFactory.getLogger("cake.access");

  private RequestLog() {}

  public static void begin(Context ctx) {
    String incoming = ctx.header(HEADER);
    String id = incoming != null && VALID.matcher(incoming).matches() ? incoming : newId();
    ctx.attribute(ATTRIBUTE, id);
    ctx.header(HEADER, id);
    MDC.put("requestId", id);
  }

  /**
   * A random version-4 UUID from {@link ThreadLocalRandom}: a request id must be unique, not unguessable, and
   * {@code UUID.randomUUID()} takes the shared SecureRandom on every request.
   */
  static String newId() {
    var random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new UUID(high, low).toString();
  }

  public static String requestId(Context ctx) {
    String id = ctx.attribute(ATTRIBUTE);
    return id == null ? "-" : id;
  }

  public static void log(Context ctx, Float millis) {
    if (!access.isInfoEnabled()) return; // nothing to format at CAKE_LOG_LEVEL=WARN and above
    String id = requestId(ctx);
    String method = ctx.method().name();
    String path = ctx.path();
    int status = ctx.statusCode();
    double tenths = millis == null ? -1 : Math.round(millis * 10) / 10.0;
    // The line is built here, once, without a format string to parse; the key-values are for the JSON format.
    String line = new StringBuilder(48 + path.length()).append(method).append(' ').append(path).append(' ')
        .append(status).append(' ').append(millis == null ? "-" : Double.toString(tenths)).append("ms").toString();
    MDC.put("requestId", id);
    try {
      access.atInfo()
          .addKeyValue("method", method)
          .addKeyValue("path", path)
          .addKeyValue("status", status)
          .addKeyValue("durationMs", tenths)
          .log(line);
    } finally {
      MDC.remove("requestId");
    }
  }
}
