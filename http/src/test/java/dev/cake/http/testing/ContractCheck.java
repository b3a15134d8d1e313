package dev.cake.http.testing;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import dev.cake.http.docs.DocsRoutes;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks HTTP exchanges against the OpenAPI document ({@code http/src/main/resources/openapi/openapi.yaml}) with
 * Atlassian's request validator. {@link TestApi} runs every exchange through {@link #check}:
 * <ul>
 *   <li>the response, always: its status must be documented for the operation, its content type allowed, its body
 *       valid against the schema (response objects are closed in the document) and documented required headers
 *       present;</li>
 *   <li>the request, when the server answered 2xx: a request the server accepted must be valid per the document.
 *       Requests answered 4xx are often hostile on purpose and are not checked (their error responses are);</li>
 *   <li>an exchange with no documented operation: only 404 (unknown path) and 405 (wrong method) may answer it,
 *       with the error shape. The test-only routes under {@code /test/} are not part of the API: only their error
 *       responses are checked, against the error shapes.</li>
 * </ul>
 */
public final class ContractCheck {
  private static final Set<String> UNDOCUMENTED = Set.of(
      "validation.request.path.missing", "validation.request.operation.notAllowed");
  private static volatile ContractCheck instance;

  private final OpenApiInteractionValidator validator;
  private final SchemaValidator schemas;
  private final SwaggerParseResult parsed;

  private ContractCheck(String yaml) {
    this.parsed = parse(yaml);
    if (parsed.getOpenAPI() == null) {
      throw new IllegalStateException("the OpenAPI document does not parse: " + parsed.getMessages());
    }
    var levels = LevelResolver.create()
        // The document closes response objects itself (additionalProperties: false) and leaves requests open (the
        // server ignores unknown fields): the validator must not add additionalProperties: false everywhere.
        .withLevel("validation.schema.additionalProperties", ValidationReport.Level.IGNORE)
        .build();
    this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(yaml)
        .withLevelResolver(levels)
        .build();
    this.schemas = new SchemaValidator(parse(yaml).getOpenAPI(), new MessageResolver(levels));
  }

  /** The check for this JVM, on the document as built into the http module's resources. */
  public static ContractCheck get() {
    ContractCheck c = instance;
    if (c == null) {
      synchronized (ContractCheck.class) {
        c = instance;
        if (c == null) instance = c = new ContractCheck(documentText());
      }
    }
    return c;
  }

  /** The document's text (YAML) from the classpath. */
  public static String documentText() {
    try (InputStream in = ContractCheck.class.getClassLoader().getResourceAsStream(DocsRoutes.DOCUMENT)) {
      if (in == null) throw new IllegalStateException("missing from the classpath: " + DocsRoutes.DOCUMENT);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The swagger parser's reading of the document (OpenApiDocumentTest checks it reports no problems). */
  public SwaggerParseResult parsed() {
    return parsed;
  }

  public OpenAPI api() {
    return parsed.getOpenAPI();
  }

  private static SwaggerParseResult parse(String yaml) {
    var options = new ParseOptions();
    options.setResolve(true);
    return new OpenAPIV3Parser().readContents(yaml, null, options);
  }

  /**
   * One exchange as the client saw it. {@code requestBody} is null when it could not be known (then the request is
   * not checked).
   */
  public record Exchange(String method, URI uri, Map<String, List<String>> requestHeaders, byte[] requestBody,
                         int status, Map<String, List<String>> responseHeaders, String responseBody) {}

  /** Every way {@code e} breaks the document, as the validator words it; empty when it keeps to it. */
  public List<String> problems(Exchange e) {
    String path = e.uri().getPath();
    Request.Method method = Request.Method.valueOf(e.method().toUpperCase(Locale.ROOT));
    var response = response(e);
    ValidationReport report = validator.validateResponse(path, method, response);
    boolean documented = report.getMessages().stream().noneMatch(m -> UNDOCUMENTED.contains(m.getKey()));
    List<String> problems = new ArrayList<>();
    if (!documented) {
      boolean testRoute = path.startsWith("/test/");
      if (testRoute && e.status() < 400) return problems;
      if (!testRoute && e.status() != 404 && e.status() != 405) {
        problems.add(e.method() + " " + path + " is not in the OpenAPI document, yet it answered " + e.status()
            + " (only 404 and 405 may answer an undocumented operation): document the route");
        return problems;
      }
      errorShape(e, problems);
      return problems;
    }
    if (report.hasErrors()) problems.add("response: " + format(report));
    if (e.status() >= 200 && e.status() < 300 && e.requestBody() != null) {
      ValidationReport request = validator.validateRequest(request(e, method, path));
      if (e.requestBody().length == 0) {
        // no body, so no content type to check (a missing body where one is required is reported on its own)
        request = ValidationReport.from(request.getMessages().stream()
            .filter(m -> !m.getKey().equals("validation.request.contentType.notAllowed")).toList());
      }
      if (request.hasErrors()) problems.add("request (the server accepted it with " + e.status() + "): "
          + format(request));
    }
    return problems;
  }

  /** An error answered outside the document's operations: JSON in the shape for its status. */
  private void errorShape(Exchange e, List<String> problems) {
    String type = header(e.responseHeaders(), "Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      problems.add("error response " + e.status() + " has Content-Type " + type + ", not application/json");
      return;
    }
    List<String> names = e.status() >= 500 ? List.of("ServerError")
        : e.status() == 400 ? List.of("ValidationError", "BodyError", "Error") : List.of("Error");
    List<String> failures = new ArrayList<>();
    for (String name : names) {
      ValidationReport r = schemas.validate(e.responseBody(),
          new Schema<>().$ref("#/components/schemas/" + name), "validation.response.body");
      if (!r.hasErrors()) return;
      failures.add(name + ": " + format(r));
    }
    problems.add("error response " + e.status() + " is not in the error shape: " + String.join("; ", failures));
  }

  private static SimpleResponse response(Exchange e) {
    var b = new SimpleResponse.Builder(e.status());
    e.responseHeaders().forEach((name, values) -> {
      if (!name.startsWith(":")) b.withHeader(name, values);
    });
    if (e.responseBody() != null && !e.responseBody().isEmpty()) b.withBody(e.responseBody());
    return b.build();
  }

  private static SimpleRequest request(Exchange e, Request.Method method, String path) {
    var b = new SimpleRequest.Builder(method, path);
    e.requestHeaders().forEach((name, values) -> {
      if (!name.startsWith(":")) b.withHeader(name, values);
    });
    for (var param : query(e.uri()).entrySet()) b.withQueryParam(param.getKey(), param.getValue());
    if (e.requestBody().length > 0) b.withBody(e.requestBody());
    return b.build();
  }

  private static Map<String, List<String>> query(URI uri) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null || raw.isEmpty()) return params;
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return params;
  }

  static String header(Map<String, List<String>> headers, String name) {
    return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty())
        .map(h -> h.getValue().getFirst()).findFirst().orElse(null);
  }

  /** The report's errors, one a line, with the reasons nested in each (e.g. why every branch of a oneOf failed). */
  private static String format(ValidationReport report) {
    var out = new StringBuilder();
    for (var m : report.getMessages()) {
      if (m.getLevel() == ValidationReport.Level.ERROR) append(out, m, "\n    ");
    }
    return out.toString().strip();
  }

  private static void append(StringBuilder out, ValidationReport.Message m, String indent) {
    out.append(indent).append(m.getMessage()).append(" [").append(m.getKey()).append(']');
    m.getContext().flatMap(ValidationReport.MessageContext::getPointers)
        .ifPresent(p -> out.append(" at ").append(p.getInstance()));
    for (String info : m.getAdditionalInfo()) out.append(indent).append("  ").append(info);
    for (var nested : m.getNestedMessages()) append(out, nested, indent + "  ");
  }
}
