package dev.cake.core;

/**
 * The root of every domain error. Each subclass is named for what went wrong in the domain, not for an HTTP status;
 * http's {@code ErrorMapper} maps the kinds to status codes in exactly one place. Messages are written for the API's
 * users.
 */
public abstract sealed class CakeException extends RuntimeException
    permits CakeException.InvalidInput, CakeException.NotAuthenticated, CakeException.NotAllowed,
    CakeException.NotFound, CakeException.StateConflict, CakeException.Refused, CakeException.PaymentDeclined,
    CakeException.TooManyAttempts, CakeException.TemporarilyUnavailable {

  protected CakeException(String message) {
    super(message, null, false, false);
  }

  /** Input that breaks a rule (a missing field, a bad format, a value out of range); lists every field at once. */
  public static final class InvalidInput extends CakeException {
    private final java.util.List<FieldError> errors;

    public InvalidInput(java.util.List<FieldError> errors) {
      super(errors.size() == 1 ? errors.getFirst().message() : "Validation failed");
      this.errors = java.util.List.copyOf(errors);
    }

    public InvalidInput(String field, String message) {
      this(java.util.List.of(new FieldError(field, message)));
    }

    public java.util.List<FieldError> errors() {
      return errors;
    }
  }

  /** The caller is not authenticated: missing, invalid or expired credentials or tokens. */
  public static final class NotAuthenticated extends CakeException {
    public NotAuthenticated(String message) {
      super(message);
    }
  }

  /** The caller is authenticated but its role does not allow the operation. */
  public static final class NotAllowed extends CakeException {
    public NotAllowed(String message) {
      super(message);
    }
  }

  /** What the request names does not exist (a user, a campaign, a voucher code, a file). */
  public static final class NotFound extends CakeException {
    public NotFound(String message) {
      super(message);
    }
  }

  /**
   * The request collides with existing state, e.g. a taken username, a voucher already used or reserved, a request
   * with the same Idempotency-Key still running, a campaign changed meanwhile.
   */
  public static final class StateConflict extends CakeException {
    private final String field;

    public StateConflict(String field, String message) {
      super(message);
      this.field = field;
    }

    /** The input field that collided, or null when the conflict is not about one field. */
    public String field() {
      return field;
    }
  }

  /**
   * Well-formed input the domain refuses, e.g. an expired voucher, an amount below the voucher's minimum, an
   * Idempotency-Key reused with a different request.
   */
  public static final class Refused extends CakeException {
    public Refused(String message) {
      super(message);
    }
  }

  /** The bank declined the payment. */
  public static final class PaymentDeclined extends CakeException {
    public PaymentDeclined(String message) {
      super(message);
    }
  }

  /** Too many attempts (logins, refreshes, registrations, top-ups) in a window; retry after {@code retryAfter}. */
  public static final class TooManyAttempts extends CakeException {
    private final java.time.Duration retryAfter;

    public TooManyAttempts(String message, java.time.Duration retryAfter) {
      super(message);
      this.retryAfter = retryAfter;
    }

    public java.time.Duration retryAfter() {
      return retryAfter;
    }
  }

  /**
   * Something the request needs cannot serve it now (the hashing threads are saturated, the process is stopping, the
   * bank has not answered yet); the caller may retry.
   */
  public static final class TemporarilyUnavailable extends CakeException {
    private final java.time.Duration retryAfter;

    public TemporarilyUnavailable(String message) {
      this(message, null);
    }

    /** With the seconds to wait before retrying, sent as Retry-After. */
    public TemporarilyUnavailable(String message, java.time.Duration retryAfter) {
      super(message);
      this.retryAfter = retryAfter;
    }

    public java.util.Optional<java.time.Duration> retryAfter() {
      return java.util.Optional.ofNullable(retryAfter);
    }
  }
}
