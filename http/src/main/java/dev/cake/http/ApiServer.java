package dev.cake.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cake.http.health.Readiness;
import dev.cake.process.Managed;
import dev.cake.telemetry.Tracing;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Set;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: Jetty with platform threads for acceptors and selectors and a bounded virtual-thread pool for
 * handlers; our JSON, error mapping, access rules and access log; every feature's {@link Routes}.
 */
@Singleton
public final class ApiServer implements Managed {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  private final HttpSettings settings;
  private final Set<Routes> routes;
  private final Authentication authentication;
  private final ErrorMapper errors;
  private final ObjectMapper json;
  private final Readiness readiness;
  private final Tracing tracing;
  private final Clock clock;
  private final RequestOrigin origin;
  private Javalin app;

  @Inject
  public ApiServer(HttpSettings settings, Set<Routes> routes, Authentication authentication, ErrorMapper errors,
                   ObjectMapper json, Readiness readiness, Tracing tracing, Clock clock, RequestOrigin origin) {
    this.origin = origin;
    this.settings = settings;
    this.routes = routes;
    this.authentication = authentication;
    this.errors = errors;
    this.json = json;
    this.readiness = readiness;
    this.tracing = tracing;
    this.clock = clock;
  }

  @Override
  public Stage stage() {
    return Stage.WORK;
  }

  @Override
  public synchronized void start() {
    app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.jsonMapper(new JavalinJackson(json, false));
      config.http.maxRequestSize = InputRules.MAX_BODY_BYTES;
      config.http.prefer405over404 = true;
      config.http.generateEtags = false;
      config.http.compressionStrategy = io.javalin.compression.CompressionStrategy.NONE; // small JSON: gzip costs CPU
      config.router.ignoreTrailingSlashes = true;

      var handlers = new VirtualThreadPool(settings.maxConcurrency());
      handlers.setName("http-vt");
      var jetty = new QueuedThreadPool(32, 4);
      jetty.setName("http");
      jetty.setVirtualThreadsExecutor(handlers);
      config.jetty.threadPool = jetty;
      config.jetty.addConnector((server, httpConfig) -> {
        httpConfig.setSendServerVersion(false);
        // Jetty keeps a header-field cache per connection: a 1024-row trie of ~96 KB by default, measured as 1 GB
        // of heap at 10,000 keep-alive connections (OutOfMemoryError). Our clients' headers vary per request
        // (tokens, request ids), so the cache buys little; without it a connection costs a few KB.
        httpConfig.setHeaderCacheSize(0);
        var connector = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
        connector.setPort(settings.port());
        connector.setAcceptQueueSize(settings.acceptQueueSize());
        connector.setIdleTimeout(60_000);
        return connector;
      });
      config.jetty.modifyServer(server -> {
        server.setStopTimeout(settings.shutdownTimeout().toMillis());
        server.setErrorHandler(new JettyErrors(clock));
      });

      config.requestLogger.http(RequestLog::log);
      config.routes.before(RequestLog::begin);
      config.routes.before(origin::begin); // who, from where, which request: for the audit trail
      config.routes.after(origin::end);
      config.routes.before(ctx -> {
        String traceId = tracing.currentTraceId(); // set when the OpenTelemetry agent traces this request
        if (traceId != null) ctx.header("X-Trace-Id", traceId);
      });
      config.routes.before(ctx -> {
        long length = ctx.contentLength();
        if (length > InputRules.MAX_BODY_BYTES) {
          throw new io.javalin.http.HttpResponseException(413, "Request body too large");
        }
      });
      config.routes.beforeMatched(ctx -> tracing.serverRoute(ctx.endpoints().matchedHttpEndpoint().path));
      config.routes.beforeMatched(authentication::check);
      errors.register(config.routes);
      routes.forEach(r -> r.register(config.routes));
    });
    app.start(settings.port());
    readiness.ready();
    log.info("listening on http://0.0.0.0:{}", port());
  }

  public int port() {
    return app.port();
  }

  /**
   * Graceful stop: readiness turns 503 first (load balancers stop sending), in-flight requests finish within the
   * shutdown timeout; the lifecycle then stops the feeds, the hashing threads and the pools.
   */
  @Override
  public synchronized void stop() {
    if (app == null) return;
    readiness.notReady();
    log.info("shutting down: readiness 503 for {} ms, then finishing in-flight requests (up to {}s)",
        settings.drainDelay().toMillis(), settings.shutdownTimeout().toSeconds());
    try {
      Thread.sleep(settings.drainDelay());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    app.stop();
    app = null;
    log.info("stopped");
  }
}
