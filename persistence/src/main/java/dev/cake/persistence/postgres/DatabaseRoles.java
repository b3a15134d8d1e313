package dev.cake.persistence.postgres;

import dev.cake.core.config.EnvironmentReader;

/**
 * The PostgreSQL roles of least privilege (docs/SECURITY.md, "Database roles"): {@code owner} owns the schema and
 * is the only role that runs DDL (migrations {@code SET ROLE} to it); {@code api} and {@code worker} are the login
 * roles of the API and the worker, granted only the rows they read and write. {@code apiPassword} and
 * {@code workerPassword}: set by {@code bin/migrate} when given (production; from files, {@code NAME_FILE}); empty
 * leaves the role's password as it is (local trust authentication needs none).
 */
public record DatabaseRoles(String owner, String api, String worker, String apiPassword, String workerPassword) {
  public static final DatabaseRoles DEFAULTS = new DatabaseRoles("cake_owner", "cake_api", "cake_worker", "", "");

  public DatabaseRoles {
    apiPassword = apiPassword == null ? "" : apiPassword;
    workerPassword = workerPassword == null ? "" : workerPassword;
  }

  /** Never prints the passwords. */
  @Override
  public String toString() {
    return "DatabaseRoles[owner=" + owner + ", api=" + api + ", worker=" + worker + "]";
  }

  public static DatabaseRoles read(EnvironmentReader r) {
    return new DatabaseRoles(
        r.get("CAKE_DB_OWNER_ROLE", DEFAULTS.owner(), DatabaseRoles::roleName, "a role name (letters, digits, _)"),
        r.get("CAKE_DB_API_ROLE", DEFAULTS.api(), DatabaseRoles::roleName, "a role name (letters, digits, _)"),
        r.get("CAKE_DB_WORKER_ROLE", DEFAULTS.worker(), DatabaseRoles::roleName, "a role name (letters, digits, _)"),
        r.raw("CAKE_DB_API_PASSWORD"),
        r.raw("CAKE_DB_WORKER_PASSWORD"));
  }

  private static String roleName(String name) {
    if (!name.matches("[a-z_][a-z0-9_]{0,62}")) throw new IllegalArgumentException();
    return name;
  }
}
