package dev.cake.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cake.core.CakeException;
import dev.cake.core.FieldError;
import dev.cake.persistence.Failures;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only place where failures become HTTP responses. Domain errors keep their user-facing message; Javalin's own
 * 404/405/413 get our shape; anything unexpected is a 500 with a fixed message and the request id, never the
 * exception's text.
 */
@Singleton
public final class ErrorMapper {
  private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

  private final ObjectMapper json;
  private final Clock clock;

  @Inject
  public ErrorMapper(ObjectMapper json, Clock clock) {
    this.json = json;
    this.clock = clock;
  }

  public void register(RoutesConfig routes) {
    routes.exception(CakeException.class, (e, ctx) -> domain(e, ctx));
    routes.exception(HttpResponseException.class, (e, ctx) -> {
      HttpStatus status = HttpStatus.forStatus(e.getStatus());
      String message = switch (e.getStatus()) {
        case 404 -> "Cannot " + ctx.method() + " " + ctx.path();
        case 405 -> "Method " + ctx.method() + " not allowed on " + ctx.path();
        case 413 -> "Request body too large (limit " + InputRules.MAX_BODY_BYTES / 1024 + " KiB)";
        default -> status.getMessage();
      };
      write(ctx, e.getStatus(), message, null);
    });
    routes.exception(JsonBody.UnsupportedMediaType.class,
        (e, ctx) -> write(ctx, 415, "Content-Type must be application/json", null));
    routes.exception(Exception.class, (e, ctx) -> {
      Failures.Kind kind = Failures.classify(e);
      switch (kind) {
        case INVALID_DATA -> {
          // SQLState class 22: a value PostgreSQL cannot take (bad encoding, too long, out of range): the input's fault
          log.info("data error on {} {}: {}", ctx.method(), ctx.path(), rootCause(e));
          write(ctx, 400, "A value in the request is invalid or out of range", null);
        }
        case RETRYABLE_CONFLICT, DEPENDENCY_UNAVAILABLE, TIMEOUT -> {
          // a collision with a concurrent transaction, a dependency down, or a bounded wait that ran out
          log.warn("{} on {} {}: {}", kind, ctx.method(), ctx.path(), rootCause(e));
          write(ctx, 503, "Service temporarily unavailable, please retry", null);
        }
        case CONSTRAINT, BUG -> {
          log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
          write(ctx, 500, "Internal server error", null);
        }
      }
    });
  }

  /**
   * As the original: a list of messages, one per failed rule, when fields broke rules; one string when the body as a
   * whole could not be read (malformed JSON, not an object, empty), which the original's body parser reported so.
   */
  private static Object validationMessage(CakeException.InvalidInput invalid) {
    if (invalid.errors().size() == 1 && invalid.errors().getFirst().field().equals("body")) return invalid.getMessage();
    return invalid.errors().stream().map(FieldError::message).toList();
  }

  /** The innermost cause's type and message, for a one-line warning. */
  private static String rootCause(Throwable e) {
    Throwable root = e;
    for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 32; depth++) {
      root = root.getCause();
    }
    return root.toString();
  }

  private void domain(CakeException e, Context ctx) {
    switch (e) {
      case CakeException.InvalidInput i -> write(ctx, 400, validationMessage(i), i.errors());
      case CakeException.NotAuthenticated a -> write(ctx, 401, a.getMessage(), null);
      case CakeException.NotAllowed a -> write(ctx, 403, a.getMessage(), null);
      case CakeException.NotFound n -> write(ctx, 404, n.getMessage(), null);
      case CakeException.StateConflict c -> write(ctx, 409, c.getMessage(),
          c.field() == null ? null : List.of(new FieldError(c.field(), c.getMessage())));
      case CakeException.Refused r -> write(ctx, 422, r.getMessage(), null);
      case CakeException.PaymentDeclined p -> write(ctx, 402, p.getMessage(), null);
      case CakeException.TooManyAttempts t -> {
        ctx.header("Retry-After", Long.toString(Math.max(1, t.retryAfter().toSeconds())));
        write(ctx, 429, t.getMessage(), null);
      }
      case CakeException.TemporarilyUnavailable u -> {
        u.retryAfter().ifPresent(wait -> ctx.header("Retry-After", Long.toString(Math.max(1, wait.toSeconds()))));
        write(ctx, 503, u.getMessage(), null);
      }
    }
  }

  /** {@code message}: a string, or the list of a validation error's messages. */
  private void write(Context ctx, int status, Object message, List<FieldError> errors) {
    var body = new ErrorResponse(status, HttpStatus.forStatus(status).getMessage(), message, errors,
        HttpModule.WIRE_INSTANT.format(clock.instant()), ctx.path(),
        status >= 500 ? RequestLog.requestId(ctx) : null);
    try {
      ctx.status(status).contentType("application/json").result(json.writeValueAsBytes(body));
    } catch (Exception serialization) {
      ctx.status(500).result("{\"statusCode\":500,\"error\":\"Internal Server Error\"}");
    }
  }
}
