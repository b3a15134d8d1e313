package dev.cake.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers before a request reaches Javalin (a URI it refuses, such as {@code %00} in the path; headers
 * too large) in our error shape instead of Jetty's HTML page. Fixed messages: nothing from the request is echoed.
 */
final class JettyErrors extends ErrorHandler {
  private final Clock clock;

  JettyErrors(Clock clock) {
    this.clock = clock;
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                  Callback callback) {
    String text = switch (code) {
      case 400 -> "Malformed request";
      case 431 -> "Request header fields too large";
      default -> HttpStatus.getMessage(code);
    };
    String body = "{\"statusCode\":" + code + ",\"error\":\"" + HttpStatus.getMessage(code) + "\",\"message\":\""
        + text + "\",\"timestamp\":\"" + HttpModule.WIRE_INSTANT.format(clock.instant()) + "\",\"path\":\""
        + new String(JsonStringEncoder.getInstance().quoteAsString(pathOf(request))) + "\"}";
    response.setStatus(code);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
  }

  /** The request's path as Jetty has it (for a URI it refused, a placeholder of its own), or empty. */
  private static String pathOf(Request request) {
    try {
      String path = request.getHttpURI().getPath();
      return path == null ? "" : path;
    } catch (RuntimeException e) {
      return "";
    }
  }
}
