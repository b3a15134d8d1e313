package dev.cake.http.testing;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.cake.http.Access;
import dev.cake.http.Routes;
import java.util.Map;

/** Routes that exist only in tests, to observe the server from inside (thread kind, error mapping, roles). */
@Module
public interface TestRoutesModule {
  @Provides
  @IntoSet
  static Routes testRoutes() {
    return routes -> {
      routes.get("/test/thread", ctx -> ctx.json(Map.of("virtual", Thread.currentThread().isVirtual())),
          Access.ANYONE);
      routes.get("/test/boom", ctx -> {
        throw new IllegalStateException("secret internals: password=hunter2");
      }, Access.ANYONE);
      routes.get("/test/admin-only", ctx -> ctx.json(Map.of("ok", true)), Access.ADMIN);
    };
  }
}
