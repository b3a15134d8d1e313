package dev.cake.http.docs;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cake.core.CakeException;
import dev.cake.http.Access;
import dev.cake.http.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API's own description: {@code GET /openapi.json} (the YAML document under {@code openapi/}, converted once at
 * start) and {@code GET /docs}, Swagger UI from the swagger-ui webjar on the classpath (no CDN), reading
 * /openapi.json. Only the files the page needs are served, from a fixed list.
 */
public final class DocsRoutes implements Routes {
  public static final String DOCUMENT = "openapi/openapi.yaml";
  private static final String OWN = "openapi/swagger-ui/";
  private static final String WEBJAR_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";

  /** Served under /docs/: file name to content type. Our initializer points Swagger UI at /openapi.json. */
  private static final Map<String, String> ASSETS = Map.of(
      "swagger-ui.css", "text/css; charset=utf-8",
      "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
      "swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8",
      "swagger-initializer.js", "text/javascript; charset=utf-8",
      "favicon-32x32.png", "image/png",
      "favicon-16x16.png", "image/png");

  private final byte[] document;
  private final byte[] page;
  private final String webjar;
  /** Assets read on first request (the bundle is 1.6 MB: no test or replica pays for it unless /docs is used). */
  private final Map<String, byte[]> assets = new ConcurrentHashMap<>();

  @Inject
  public DocsRoutes() {
    this.document = toJson(read(DOCUMENT));
    this.page = read(OWN + "index.html");
    this.webjar = "META-INF/resources/webjars/swagger-ui/" + webjarVersion() + "/";
  }

  /** The YAML document as JSON bytes. */
  public static byte[] toJson(byte[] yaml) {
    try {
      return JsonMapper.builder().build().writeValueAsBytes(new YAMLMapper().readTree(yaml));
    } catch (IOException e) {
      throw new IllegalStateException("the OpenAPI document " + DOCUMENT + " is not valid YAML", e);
    }
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(document), Access.ANYONE);
    routes.get("/docs", ctx -> ctx.contentType("text/html; charset=utf-8").result(page), Access.ANYONE);
    routes.get("/docs/{file}", this::asset, Access.ANYONE);
  }

  private void asset(Context ctx) {
    String file = ctx.pathParam("file");
    String type = ASSETS.get(file);
    if (type == null) throw new CakeException.NotFound("No such file");
    byte[] body = assets.computeIfAbsent(file,
        f -> read(f.equals("swagger-initializer.js") ? OWN + f : webjar + f));
    ctx.header("Cache-Control", "public, max-age=3600").contentType(type).result(body);
  }

  private static String webjarVersion() {
    try (InputStream in = resource(WEBJAR_POM)) {
      var pom = new Properties();
      pom.load(in);
      return pom.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] read(String name) {
    try (InputStream in = resource(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = DocsRoutes.class.getClassLoader().getResourceAsStream(name);
    if (in == null) throw new IllegalStateException("missing from the classpath: " + name);
    return in;
  }
}
