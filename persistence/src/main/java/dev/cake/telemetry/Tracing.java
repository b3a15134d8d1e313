package dev.cake.telemetry;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRoute;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRouteSource;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Trace context across the queue, through the OpenTelemetry API. With the Java agent attached these are real spans;
 * without it every call is a cheap no-op (the API's default), so the code is the same either way. Injected where a
 * trace is read (the API's response header, the outbox row) or continued (the worker's job).
 */
@Singleton
public final class Tracing {
  private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  @Inject
  public Tracing() {}

  /** The current trace as a W3C {@code traceparent}, or null when nothing is being traced. */
  public String currentTraceparent() {
    if (!Span.current().getSpanContext().isValid()) return null;
    Map<String, String> carrier = new HashMap<>();
    W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
    return carrier.get("traceparent");
  }

  /**
   * The matched route of the HTTP request being served (e.g. {@code /auth/login}): names the agent's server span and
   * labels its {@code http.server.request.duration}. Without it both say {@code *}: the agent's Javalin 7
   * instrumentation takes the route of the first handler, our {@code before("*")}. The agent bridges this call.
   */
  public void serverRoute(String route) {
    HttpServerRoute.update(Context.current(), HttpServerRouteSource.NESTED_CONTROLLER, route);
  }

  /** The current trace id (32 hex), or null. */
  public String currentTraceId() {
    var context = Span.current().getSpanContext();
    return context.isValid() ? context.getTraceId() : null;
  }

  /** Runs {@code work} in a consumer span that continues the trace of {@code traceparent} (when there is one). */
  public <T> T inConsumerSpan(String name, String traceparent, List<Map.Entry<String, String>> attributes,
                                     Supplier<T> work) {
    Tracer tracer = GlobalOpenTelemetry.getTracer("dev.cake.workers");
    Context parent = traceparent == null ? Context.root()
        : W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of("traceparent", traceparent),
            MAP_GETTER);
    Span span = tracer.spanBuilder(name).setSpanKind(SpanKind.CONSUMER).setParent(parent).startSpan();
    attributes.forEach(a -> span.setAttribute(a.getKey(), a.getValue()));
    try (Scope ignored = span.makeCurrent()) {
      return work.get();
    } catch (RuntimeException e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR);
      throw e;
    } finally {
      span.end();
    }
  }
}
