package dev.cake.workers.ops;

import dev.cake.core.auth.AccessTokens;
import dev.cake.core.auth.PasswordHasher;
import dev.cake.core.auth.PasswordRules;
import dev.cake.core.auth.RefreshTokens;
import dev.cake.core.auth.RegistrationRules;
import dev.cake.core.auth.Role;
import dev.cake.core.auth.User;
import dev.cake.core.auth.TokenSettings;
import dev.cake.persistence.postgres.seed.SeedDao;
import dev.cake.persistence.postgres.seed.SeedDao.SeededUser;
import dev.cake.workers.OpsCommand;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Creates many plain accounts fast, for benchmarks and demos: {@code <prefix>1 … <prefix><count>}, all with one
 * password (hashed once), inserted in batches; accounts that exist already are skipped. With {@code --tokens} it
 * writes an access token of every one of them, issued as a login issues it (a session each), so the file works
 * against the API at once. Seeded accounts have never logged in: their first login is still a first login.
 */
@Command(name = "seed-users", mixinStandardHelpOptions = true,
    description = {"Create COUNT plain accounts <prefix>1 … <prefix>COUNT sharing one password (for benchmarks and "
        + "demos); existing ones are skipped. Prints how many it created.",
        "  printf '%%s\\n' \"$pw\" | bin/admin seed-users --count 2000 --prefix bench --password-stdin --tokens users.tsv"})
public final class SeedUsersCommand implements OpsCommand {
  static final int MAX_COUNT = 1_000_000;
  static final int BATCH = 1000;
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,42}");

  @Option(names = "--count", required = true, description = "How many accounts: 1-" + MAX_COUNT + ".")
  int count;

  @Option(names = "--prefix", required = true,
      description = "Usernames are <prefix>1, <prefix>2, …: 1-43 letters, digits, '.', '_' or '-', starting with a letter.")
  String prefix;

  @Option(names = "--password-stdin", required = true,
      description = "Read the shared password (8-72 bytes) from the first line of standard input (never an option: "
          + "it would show in ps and the shell's history).")
  boolean passwordStdin;

  @Option(names = "--tokens", paramLabel = "FILE",
      description = "Write \"username<TAB>access_token\" per line for every account of the range (replaced whole).")
  Path tokens;

  @Option(names = "--fullname", description = "The accounts' full name (default: Seeded user).")
  String fullname = "Seeded user";

  private final Jdbi jdbi;
  private final PasswordHasher hasher;
  private final AccessTokens accessTokens;
  private final TokenSettings tokenSettings;
  private final RegistrationRules rules;
  private final Clock clock;

  @Inject
  public SeedUsersCommand(Jdbi jdbi, PasswordHasher hasher, AccessTokens accessTokens, TokenSettings tokenSettings,
                          RegistrationRules rules, Clock clock) {
    this.jdbi = jdbi;
    this.hasher = hasher;
    this.accessTokens = accessTokens;
    this.tokenSettings = tokenSettings;
    this.rules = rules;
    this.clock = clock;
  }

  @Override
  public Integer call() throws IOException {
    String secret = readStdin();
    List<String> problems = problems(secret);
    if (!problems.isEmpty()) {
      problems.forEach(problem -> System.err.println("seed-users: " + problem));
      return 2;
    }
    String hash = hasher.hash(secret);
    SeedDao dao = jdbi.onDemand(SeedDao.class);
    var progress = Progress.onStderr("seeding users", count);
    int created = 0;
    List<String> lines = new ArrayList<>(tokens == null ? 0 : count);
    for (int from = 1; from <= count; from += BATCH) {
      String[] usernames = IntStream.rangeClosed(from, Math.min(count, from + BATCH - 1))
          .mapToObj(i -> prefix + i).toArray(String[]::new);
      created += dao.insertMissing(usernames, fullname, hash);
      if (tokens != null) lines.addAll(tokenLines(dao, usernames));
      progress.advance(usernames.length);
    }
    progress.finish();
    if (tokens != null) writeAtomically(tokens, lines);
    System.err.printf("seed-users: %d created, %d existed already (%s1 … %s%d)%s%n", created, count - created, prefix,
        prefix, count, tokens == null ? "" : "; " + lines.size() + " access tokens in " + tokens);
    System.out.println(created);
    return 0;
  }

  /** Every bad option at once, in the CLI's words. */
  private List<String> problems(String secret) {
    var problems = new ArrayList<String>();
    if (count < 1 || count > MAX_COUNT) problems.add("--count must be 1-" + MAX_COUNT + ", not " + count);
    if (!PREFIX.matcher(prefix).matches()) {
      problems.add("--prefix must be 1-43 letters, digits, '.', '_' or '-' starting with a letter, not '" + prefix + "'");
    } else if (rules.readsAsPhone(prefix + "1")) {
      problems.add("--prefix: " + prefix + "1 would read as a phone number at login");
    }
    if (secret == null) problems.add("--password-stdin: standard input gave no password");
    else PasswordRules.check(secret).ifPresent(rule -> problems.add("password: " + rule));
    if (fullname == null || fullname.isBlank() || fullname.length() > 255) problems.add("--fullname must be 1-255 characters");
    if (tokens != null && tokens.toAbsolutePath().getParent() != null
        && !Files.isDirectory(tokens.toAbsolutePath().getParent())) {
      problems.add("--tokens: the directory " + tokens.toAbsolutePath().getParent() + " does not exist");
    }
    return problems;
  }

  /** One line per username, in their order: a session each and an access token in it, as a login would issue. */
  private List<String> tokenLines(SeedDao dao, String[] usernames) {
    Map<String, SeededUser> found = dao.find(usernames).stream()
        .collect(Collectors.toMap(u -> u.username().toLowerCase(Locale.ROOT), Function.identity()));
    Instant now = clock.instant();
    Instant sessionEnd = now.plus(tokenSettings.sessionMaxAge());
    Instant refreshEnd = now.plus(tokenSettings.refreshTokenTtl());
    var sessions = new ArrayList<SeedDao.Session>(usernames.length);
    var lines = new ArrayList<String>(usernames.length);
    for (String username : usernames) {
      SeededUser seeded = found.get(username.toLowerCase(Locale.ROOT));
      if (seeded == null) {
        throw new IllegalStateException(username + " was neither created nor found: is " + username.toLowerCase(Locale.ROOT)
            + "@example.com taken by another account?");
      }
      UUID session = UUID.randomUUID();
      sessions.add(new SeedDao.Session(RefreshTokens.hash(RefreshTokens.newToken()), session, seeded.id(),
          refreshEnd.isAfter(sessionEnd) ? sessionEnd : refreshEnd, sessionEnd));
      User user = new User(seeded.id(), null, null, seeded.username(), null, null, Role.of(seeded.role()),
          seeded.latestLogin(), null, null);
      lines.add(seeded.username() + "\t" + accessTokens.issue(user, session).token());
    }
    dao.startSessions(sessions);
    return lines;
  }

  /** Written beside the target and moved over it, so a reader never sees half a file. */
  private static void writeAtomically(Path target, List<String> lines) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path partial = Files.createTempFile(dir, target.getFileName().toString(), ".partial");
    try {
      try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
        for (String line : lines) out.append(line).append('\n');
      }
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  private static String readStdin() throws IOException {
    String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    return line == null || line.isEmpty() ? null : line;
  }
}
