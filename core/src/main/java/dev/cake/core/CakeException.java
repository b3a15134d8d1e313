package dev.cake.core;

/**
 * The root of every domain error. Each subclass stands for one kind of failure the caller can act on; the HTTP layer
 * maps the kinds to status codes in exactly one place. Messages are written for the API's users.
 */
public abstract sealed class CakeException extends RuntimeException
    permits CakeException.Validation, CakeException.Unauthorized, CakeException.Forbidden, CakeException.NotFound,
    CakeException.Conflict, CakeException.Unprocessable, CakeException.PaymentDeclined, CakeException.RateLimited,
    CakeException.Unavailable {

  protected CakeException(String message) {
    super(message, null, false, false);
  }

  /** Input that breaks a rule; lists every field at once. */
  public static final class Validation extends CakeException {
    private final java.util.List<FieldError> errors;

    public Validation(java.util.List<FieldError> errors) {
      super(errors.size() == 1 ? errors.getFirst().message() : "Validation failed");
      this.errors = java.util.List.copyOf(errors);
    }

    public Validation(String field, String message) {
      this(java.util.List.of(new FieldError(field, message)));
    }

    public java.util.List<FieldError> errors() {
      return errors;
    }
  }

  /** Missing, invalid or expired credentials. */
  public static final class Unauthorized extends CakeException {
    public Unauthorized(String message) {
      super(message);
    }
  }

  /** Authenticated, but not allowed. */
  public static final class Forbidden extends CakeException {
    public Forbidden(String message) {
      super(message);
    }
  }

  public static final class NotFound extends CakeException {
    public NotFound(String message) {
      super(message);
    }
  }

  /** The request collides with existing state, e.g. a taken username or a voucher already used. */
  public static final class Conflict extends CakeException {
    private final String field;

    public Conflict(String field, String message) {
      super(message);
      this.field = field;
    }

    /** The input field that collided, or null when the conflict is not about one field. */
    public String field() {
      return field;
    }
  }

  /** Well-formed input the domain refuses, e.g. an expired voucher or an amount below the campaign minimum. */
  public static final class Unprocessable extends CakeException {
    public Unprocessable(String message) {
      super(message);
    }
  }

  public static final class PaymentDeclined extends CakeException {
    public PaymentDeclined(String message) {
      super(message);
    }
  }

  public static final class RateLimited extends CakeException {
    private final java.time.Duration retryAfter;

    public RateLimited(String message, java.time.Duration retryAfter) {
      super(message);
      this.retryAfter = retryAfter;
    }

    public java.time.Duration retryAfter() {
      return retryAfter;
    }
  }

  /** A dependency is down or saturated; the caller may retry. */
  public static final class Unavailable extends CakeException {
    private final java.time.Duration retryAfter;

    public Unavailable(String message) {
      this(message, null);
    }

    /** With the seconds to wait before retrying, sent as Retry-After. */
    public Unavailable(String message, java.time.Duration retryAfter) {
      super(message);
      this.retryAfter = retryAfter;
    }

    public java.util.Optional<java.time.Duration> retryAfter() {
      return java.util.Optional.ofNullable(retryAfter);
    }
  }
}
