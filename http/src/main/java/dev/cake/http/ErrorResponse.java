package dev.cake.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cake.core.FieldError;
import java.util.List;

/**
 * The one error shape: the original's fields plus per-field {@code errors} and, on a 5xx, the request id.
 * {@code message} is, as in the original, a list of strings (one per failed rule) on a validation error and one
 * string otherwise.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorResponse(int statusCode, String error, Object message, List<FieldError> errors,
                            String timestamp, String path, String requestId) {}
