package dev.cake.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cake.core.FieldError;
import java.util.List;

/** The one error shape: the original's fields plus per-field {@code errors} and, on a 500, a trace id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorResponse(int statusCode, String error, String message, List<FieldError> errors,
                            String timestamp, String path, String requestId) {}
