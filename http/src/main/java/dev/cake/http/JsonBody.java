package dev.cake.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.cake.core.CakeException;
import io.javalin.http.Context;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads a JSON request body into a record: 415 unless the content type is JSON, 413 over the size limit, 400 for
 * malformed JSON or a value of the wrong type (naming the field), or one that breaks {@link InputRules}. Unknown fields
 * are ignored, never bound.
 */
@Singleton
public final class JsonBody {
  private final ObjectMapper json;

  @Inject
  public JsonBody(ObjectMapper json) {
    this.json = json;
  }

  public <T> T read(Context ctx, Class<T> type) {
    String contentType = ctx.contentType();
    if (contentType == null || !isJson(contentType)) {
      throw new UnsupportedMediaType();
    }
    byte[] body = ctx.bodyAsBytes(); // enforces the configured maximum size (413)
    if (body.length == 0) {
      throw new CakeException.InvalidInput("body", "A JSON request body is required");
    }
    T value;
    try {
      value = json.readValue(body, type);
    } catch (InputRules.Rejected e) {
      String field = fieldOf(e);
      throw new CakeException.InvalidInput(field.isEmpty() ? "body" : field,
          (field.isEmpty() ? "value" : field) + " " + e.problem());
    } catch (MismatchedInputException e) {
      String field = fieldOf(e);
      throw new CakeException.InvalidInput(field.isEmpty() ? "body" : field,
          field.isEmpty() ? "Request body must be a JSON object" : field + " has the wrong type");
    } catch (JsonProcessingException e) {
      throw new CakeException.InvalidInput("body", "Malformed JSON");
    } catch (IOException e) {
      throw new CakeException.InvalidInput("body", "Unreadable request body");
    }
    if (value == null) throw new CakeException.InvalidInput("body", "Request body must be a JSON object");
    return value;
  }

  private static String fieldOf(MismatchedInputException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."));
  }

  /** A request body that is not JSON: 415. */
  public static final class UnsupportedMediaType extends RuntimeException {
    UnsupportedMediaType() {
      super("Content-Type must be application/json", null, false, false);
    }
  }

  private static boolean isJson(String contentType) {
    String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"));
  }
}
