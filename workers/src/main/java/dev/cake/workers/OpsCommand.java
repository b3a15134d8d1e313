package dev.cake.workers;

import java.util.concurrent.Callable;

/**
 * One {@code bin/admin} subcommand: a picocli {@code @Command} class whose fields are its options, built by Dagger
 * with the production wiring. {@link #call()} returns the exit code.
 */
public interface OpsCommand extends Callable<Integer> {}
