package dev.cake.workers.ops;

import dev.cake.core.config.EnvironmentReader;
import dev.cake.persistence.postgres.audit.AuditDao.AuditRow;
import dev.cake.persistence.postgres.audit.PostgresAuditLog;
import dev.cake.workers.OpsCommand;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "List the audit trail, newest first (docs/SECURITY.md, \"Audit trail\"). Filters combine.")
public final class AuditCommand implements OpsCommand {
  @Option(names = "--actor", description = "A user id, cli:<os user>, anonymous or system.")
  String actor;

  @Option(names = "--action", description = "An action such as admin.promoted; a trailing * matches a prefix "
      + "(login.*).")
  String action;

  @Option(names = "--target", description = "Such as user:12, campaign:3, account:alice, ip:10.0.0.1.")
  String target;

  @Option(names = "--request-id", description = "The X-Request-Id of one request (or the cli-... id of one run).")
  String requestId;

  @Option(names = "--since", description = "Only rows newer than this (24h, 7d, 30m). Default: all.")
  String since;

  @Option(names = "--limit", defaultValue = "50", description = "At most this many rows (1 to 10000; default 50).")
  int limit;

  private final PostgresAuditLog audit;
  private final Clock clock;

  @Inject
  public AuditCommand(PostgresAuditLog audit, Clock clock) {
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public Integer call() {
    if (limit < 1 || limit > 10_000) {
      System.err.println("--limit: must be from 1 to 10000");
      return 2;
    }
    Instant after = null;
    if (since != null) {
      try {
        after = clock.instant().minus(EnvironmentReader.parseDuration(since));
      } catch (IllegalArgumentException e) {
        System.err.println("--since: expected a duration such as 24h, 7d or 30m, got '" + since + "'");
        return 2;
      }
    }
    List<AuditRow> rows = audit.find(blankToNull(actor), blankToNull(action), blankToNull(target),
        blankToNull(requestId), after, limit);
    System.out.println("id\tat\tactor\taction\ttarget\toutcome\tclient_ip\trequest_id\tdetail");
    for (AuditRow r : rows) {
      System.out.println(String.join("\t", Long.toString(r.id()), r.at().toString(), r.actor(), r.action(),
          dash(r.target()), r.outcome(), dash(r.clientIp()), dash(r.requestId()),
          r.windowStart() == null ? dash(r.detail())
              : "first refusal of the window from " + r.windowStart() + (r.detail() == null ? "" : "; " + r.detail())));
    }
    System.err.println(rows.size() + " row(s)");
    return 0;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String dash(String s) {
    return s == null ? "-" : s.replace('\t', ' ').replace('\n', ' ');
  }
}
