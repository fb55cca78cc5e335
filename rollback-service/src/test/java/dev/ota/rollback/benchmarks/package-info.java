/**
 * Bounded load runs through real Kafka and PostgreSQL. Not part of the normal test run (their names do not end in
 * Tests); run one with {@code -Dtest=RollbackLoadRun -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@NullMarked
package dev.ota.rollback.benchmarks;

import org.jspecify.annotations.NullMarked;
