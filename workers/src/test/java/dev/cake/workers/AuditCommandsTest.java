package dev.cake.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.persistence.testing.TestServices;
import dev.cake.workers.testing.Ops;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * bin/admin's uses of power leave exactly one audit row each, naming {@code cli:<os user>} and the run's own request
 * id; {@code bin/admin audit} lists and filters them.
 */
class AuditCommandsTest {
  static dev.cake.workers.ops.OpsComponent component;

  @BeforeAll
  static void setUp() {
    component = dev.cake.workers.ops.OpsComponent.create(WorkerProcessSettings.fromEnv(TestServices.get().environment()));
  }

  record Row(String actor, String action, String target, String clientIp, String outcome) {}

  /** Each command run with its own origin, as each bin/admin process has. */
  static String newRun() {
    var origin = OpsMain.cliOrigin();
    component.auditOrigin().processDefault(origin);
    return origin.requestId();
  }

  @Test
  void adminCreatedPromotedAndDemotedFromTheShellLeaveOneRowEach() {
    String actor = "cli:" + System.getProperty("user.name");
    String name = "audited" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

    String create = newRun();
    assertThat(Ops.run(component, "admin-password-1\n", "create-admin", "--username", name, "--password-stdin")
        .code()).isZero();
    long id = component.userRepository().findByUsername(name).orElseThrow().id();
    assertThat(TestServicesQueries.rows(create)).containsExactly(
        new Row(actor, "admin.created", "user:" + id, null, "success"));

    String demote = newRun();
    assertThat(Ops.run(component, "", "demote", name).code()).isZero();
    assertThat(TestServicesQueries.rows(demote)).containsExactly(
        new Row(actor, "admin.demoted", "user:" + id, null, "success"));

    String promote = newRun();
    assertThat(Ops.run(component, "", "create-admin", "--promote-existing", name).code()).isZero();
    assertThat(TestServicesQueries.rows(promote)).containsExactly(
        new Row(actor, "admin.promoted", "user:" + id, null, "success"));

    String retry = newRun();
    assertThat(Ops.run(component, "", "retry-failed").code()).isZero();
    assertThat(TestServicesQueries.rows(retry)).extracting(Row::action).containsExactly("jobs.retried");

    // bin/admin audit finds them by request id, actor and action
    var listed = Ops.run(component, "", "audit", "--request-id", promote);
    assertThat(listed.code()).isZero();
    assertThat(listed.out().lines().skip(1).toList()).singleElement().asString()
        .contains("admin.promoted", "user:" + id, actor, promote);
    var byAction = Ops.run(component, "", "audit", "--actor", actor, "--action", "admin.*", "--since", "1h");
    assertThat(byAction.out()).contains(create, demote, promote).doesNotContain(retry);
    assertThat(Ops.run(component, "", "audit", "--since", "soon").code()).isEqualTo(2);
  }

  /** Reads rows as the superuser, so this test does not depend on what the app roles may read. */
  static final class TestServicesQueries {
    static List<Row> rows(String requestId) {
      try (var c = TestServices.get().adminConnection();
           var s = c.prepareStatement("SELECT actor, action, target, client_ip, outcome FROM audit_log"
               + " WHERE request_id = ? ORDER BY id")) {
        s.setString(1, requestId);
        var out = new java.util.ArrayList<Row>();
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
          }
        }
        return out;
      } catch (java.sql.SQLException e) {
        throw new AssertionError(e);
      }
    }
  }
}
