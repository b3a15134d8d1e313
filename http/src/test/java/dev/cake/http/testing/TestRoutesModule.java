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
      // fail closed: neither a route without an access level nor one with a role we do not know is public
      routes.get("/test/undeclared", ctx -> ctx.json(Map.of("ok", true)));
      routes.get("/test/foreign-role", ctx -> ctx.json(Map.of("ok", true)), new io.javalin.security.RouteRole() {});
    };
  }

  /** A statement PostgreSQL refuses with a data exception (SQLState 22P02): the error mapper's 400. */
  @Provides
  @IntoSet
  static Routes dataErrorRoutes(org.jdbi.v3.core.Jdbi jdbi) {
    return routes -> routes.get("/test/data-error", ctx -> ctx.json(jdbi.withHandle(h ->
        h.createQuery("SELECT CAST(:text AS integer)").bind("text", ctx.queryParam("value")).mapTo(Integer.class)
            .one())), Access.ANYONE);
  }
}
