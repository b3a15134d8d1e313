package dev.cake.workers.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cake.core.config.EnvironmentReader;
import dev.cake.workers.OpsCommand;
import dev.cake.workers.ops.Reconciliation.Answer;
import dev.cake.workers.ops.Reconciliation.Result;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

@Command(name = "reconcile", mixinStandardHelpOptions = true,
    description = {
        "Check the invariants in PostgreSQL, read-only, in one snapshot: every voucher (one per enrolment, slots never"
            + " oversold, spent at most once), every payment to the cent against the bank's ledger, every answered"
            + " top-up told the truth (--answers), no first login without its event and its enrolment.",
        "Exit status: 0 when every check holds, 1 on a mismatch."})
public final class ReconcileCommand implements OpsCommand {
  @Option(names = "--json", description = "Print one JSON object ({pass, mismatches, checks, figures}) instead of text.")
  boolean json;

  @Option(names = "--grace", defaultValue = "10m", converter = DurationConverter.class,
      description = "Rows younger than this are still in flight on a live system: not judged by the in-flight checks"
          + " (default ${DEFAULT-VALUE}; 0s after the system was stopped, as bin/chaos does).")
  Duration grace;

  @Option(names = "--first-come", paramLabel = "CAMPAIGN",
      description = "A campaign every first login in its window was offered to first (the newest one): its vouchers"
          + " must be min(slots, those first logins).")
  Long firstCome;

  @Option(names = "--answers", paramLabel = "FILE",
      description = "What clients were told about their top-ups, tab-separated lines: epoch_ms username"
          + " idempotency_key what(voucher|plain|respend) final(200|402|4xx|gaveup) transaction_id final_amount"
          + " (bin/chaos's load/outcomes-*.tsv). Repeatable.")
  List<Path> answers;

  private final Jdbi jdbi;
  private final Clock clock;

  @Inject
  public ReconcileCommand(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  @Override
  public Integer call() throws IOException {
    List<Answer> told = answers == null ? null : readAnswers(answers);
    var cutoff = clock.instant().minus(grace);
    Result result = jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
      h.execute("SET TRANSACTION READ ONLY");
      h.execute("SET LOCAL statement_timeout = '5min'"); // a reconciliation reads whole tables
      return Reconciliation.run(h, cutoff, firstCome, told);
    });
    System.out.print(json ? json(result) : text(result));
    return result.mismatches() == 0 ? 0 : 1;
  }

  static List<Answer> readAnswers(List<Path> files) throws IOException {
    var answers = new ArrayList<Answer>();
    for (Path file : files) {
      int n = 0;
      for (String line : Files.readAllLines(file)) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split("\t", -1);
        if (f.length < 7) {
          throw new IllegalArgumentException(file + ":" + n + ": expected 7 tab-separated fields, got " + f.length);
        }
        answers.add(new Answer(f[1], f[2], f[3], f[4], f[5], f[6].isBlank() ? null : new BigDecimal(f[6].strip())));
      }
    }
    return answers;
  }

  static String text(Result result) {
    var out = new StringBuilder();
    for (var c : result.checks()) {
      out.append(c.pass() ? "PASS  " : "FAIL  ").append(c.name()).append(": expected ").append(c.expected())
          .append(", found ").append(c.found()).append('\n');
    }
    for (var f : result.figures()) {
      out.append("      ").append(f.name()).append(": ").append(f.value()).append('\n');
    }
    long mismatches = result.mismatches();
    out.append(mismatches == 0 ? "every invariant holds (" + result.checks().size() + " checks)"
        : mismatches + " of " + result.checks().size() + " checks FAILED").append('\n');
    return out.toString();
  }

  static String json(Result result) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("pass", result.mismatches() == 0);
    out.put("mismatches", result.mismatches());
    out.put("checks", result.checks().stream().map(c -> Map.of("check", c.name(), "expected", c.expected(),
        "found", c.found(), "result", c.pass() ? "PASS" : "FAIL")).toList());
    out.put("figures", result.figures().stream().map(f -> Map.of("figure", f.name(), "value", f.value())).toList());
    return new ObjectMapper().writeValueAsString(out) + "\n";
  }

  /** 10m, 30s, 0s: the durations the settings accept, zero included. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      if (value.strip().matches("0+(ms|s|m|h|d)?")) {
        return Duration.ZERO;
      }
      var r = new EnvironmentReader(Map.of("GRACE", value));
      Duration d = r.duration("GRACE", "10m");
      r.check();
      return d;
    }
  }
}
