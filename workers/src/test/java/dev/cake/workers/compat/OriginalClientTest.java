package dev.cake.workers.compat;

import static dev.cake.workers.compat.Compat.api;
import static dev.cake.workers.compat.Compat.worker;

import dev.cake.http.testing.TestApi;
import dev.cake.workers.testing.WorkerProcess;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The original's mobile clients against our real API and a real worker process, route by route, as written in
 * {@code docs/ORIGINAL-API.md} plus our documented deliberate differences. Nothing here is derived from our
 * server's code: a failure means we are not (yet) a drop-in replacement, and its message names the original rule.
 *
 * <p>Each area is a nested class (so that {@code -Dtest='OriginalClientTest*'} selects them all and one API, one
 * worker and one admin serve the whole suite); the checks live in the {@code *Contract} classes beside this one.
 */
class OriginalClientTest {
  @BeforeAll
  static void start() throws Exception {
    api = new TestApi();
    worker = WorkerProcess.start(Map.of());
    // logged in before any campaign of ours opens (an admin's first login must not take a slot anyway)
    Compat.admin = api.adminToken();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (worker != null) worker.terminate(20);
    } finally {
      if (worker != null) worker.close();
      if (api != null) api.close();
    }
  }

  @Nested
  class Auth extends AuthContract {}

  @Nested
  class CampaignRoutes extends CampaignContract {}

  @Nested
  class FirstLogin extends FirstLoginContract {}

  @Nested
  class Vouchers extends VoucherContract {}

  @Nested
  class Topup extends TopupContract {}

  @Nested
  class AdminAndHealth extends AdminHealthContract {}

  @Nested
  class Concurrency extends ConcurrencyContract {}
}
