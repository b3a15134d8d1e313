package dev.cake.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.cake.crypto.BcryptPasswordHasher;
import dev.cake.process.Managed;
import dev.cake.core.health.HealthCheck;
import dev.cake.http.admin.AdminRoutes;
import dev.cake.http.auth.AuthRoutes;
import dev.cake.http.auth.ProfileReader;
import dev.cake.http.docs.DocsRoutes;
import dev.cake.http.health.HealthRoutes;
import dev.cake.http.health.MemoryHealthCheck;
import dev.cake.http.promotion.PromotionRoutes;
import dev.cake.http.topup.TopupRoutes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The HTTP process's own wiring: JSON, the route groups, the process health check. */
@Module
public interface HttpModule {
  DateTimeFormatter WIRE_INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  @Binds
  @IntoSet
  Routes auth(AuthRoutes routes);

  @Binds
  @IntoSet
  Routes health(HealthRoutes routes);

  @Binds
  @IntoSet
  Routes promotions(PromotionRoutes routes);

  @Binds
  @IntoSet
  Routes topups(TopupRoutes routes);

  @Binds
  @IntoSet
  Routes admin(AdminRoutes routes);

  @Binds
  @IntoSet
  Routes docs(DocsRoutes routes);

  @Binds
  @IntoSet
  Routes redisBudget(RedisBudgetFilter filter);

  @Binds
  @IntoSet
  HealthCheck memory(MemoryHealthCheck check);

  @Binds
  @IntoSet
  Managed server(ApiServer server);

  @Binds
  @IntoSet
  Managed profileFeed(ProfileReader profiles);

  /**
   * The bcrypt threads: the API is the process that hashes (logins, registrations). The ops CLI's few hashes
   * (create-admin, seed-users) run on the same daemon threads, which end with the process; registering them there
   * would build the hasher (and its dummy hash) for every command.
   */
  @Binds
  @IntoSet
  Managed hashingThreads(BcryptPasswordHasher hasher);

  /** The profile near cache forgets a user the moment they log in on this replica. */
  @Binds
  @IntoSet
  dev.cake.core.auth.LoginListener profileNearCache(dev.cake.http.auth.ProfileReader reader);

  /**
   * Our contract: unknown fields ignored, no scalar coercion ("100" is not a number), dates as ISO-8601 strings,
   * instants in UTC with milliseconds; every string and decimal read checked by {@link InputRules}.
   */
  @Provides
  @Singleton
  static ObjectMapper objectMapper() {
    var instants = new SimpleModule("cake-instants").addSerializer(new StdSerializer<>(Instant.class) {
      @Override
      public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeString(WIRE_INSTANT.format(value));
      }
    });
    var factory = com.fasterxml.jackson.core.JsonFactory.builder()
        .streamReadConstraints(InputRules.streamConstraints())
        .build();
    return JsonMapper.builder(factory)
        .addModule(new JavaTimeModule())
        .addModule(instants)
        .addModule(InputRules.module())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
        .withCoercionConfig(LogicalType.Textual, text -> text
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .build();
  }
}
