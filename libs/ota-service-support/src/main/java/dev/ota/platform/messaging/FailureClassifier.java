package dev.ota.platform.messaging;

import dev.ota.contracts.MalformedEventException;
import java.io.EOFException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure that will pass (the database or Kafka away, a lock or statement timeout, a connection reset) from one
 * that never will for this record (malformed, not deserialisable, a rule or constraint violated). The whole cause chain
 * is read: a database outage reaches a consumer wrapped in transaction, Spring and driver exceptions.
 *
 * <p>Order of the verdicts: an explicit refusal of the record ({@link MalformedEventException}, deserialisation,
 * conversion) is {@link Kind#PERMANENT} whatever it wraps; otherwise a transient sign anywhere in the chain makes the
 * failure {@link Kind#TRANSIENT}, because an outage is often reported through exceptions that look permanent
 * (PostgreSQL's connection errors become {@link DataAccessResourceFailureException}, a {@code
 * NonTransientDataAccessException}); then constraint violations and other non-transient data access errors are
 * permanent; anything else (a bug, an unknown library's exception) is {@link Kind#UNCLASSIFIED}.
 */
public final class FailureClassifier {

    /** What to do with a record whose processing failed. */
    public enum Kind {
        /** Retry without limit, with back-off; never dead-letter. */
        TRANSIENT,
        /** Dead-letter at once. */
        PERMANENT,
        /** Retry a few times (it may be transient after all), then dead-letter. */
        UNCLASSIFIED
    }

    private FailureClassifier() {}

    public static Kind classify(Throwable failure) {
        List<Throwable> chain = chain(failure);
        if (chain.stream().anyMatch(FailureClassifier::refusesTheRecord)) {
            return Kind.PERMANENT;
        }
        if (chain.stream().anyMatch(FailureClassifier::isTransient)) {
            return Kind.TRANSIENT;
        }
        if (chain.stream().anyMatch(FailureClassifier::violatesARule)) {
            return Kind.PERMANENT;
        }
        return Kind.UNCLASSIFIED;
    }

    /** The failure and its root cause in one line, for logs and dead-letter reasons. */
    public static String describe(Throwable failure) {
        List<Throwable> chain = chain(failure);
        Throwable root = chain.getLast();
        String outer = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (root == failure) {
            return outer;
        }
        return outer + " (root cause " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    private static boolean refusesTheRecord(Throwable t) {
        return t instanceof MalformedEventException
                || t instanceof DeserializationException
                || t instanceof MessageConversionException
                || t instanceof org.apache.kafka.common.errors.SerializationException;
    }

    private static boolean isTransient(Throwable t) {
        return switch (t) {
            case TransientDataAccessException _ -> true; // lock timeouts, deadlocks, query timeouts
            case RecoverableDataAccessException _ -> true;
            case DataAccessResourceFailureException _ -> true; // CannotGetJdbcConnectionException included
            case CannotCreateTransactionException _ -> true; // no connection to begin a transaction with
            case SQLTransientException _ -> true; // SQLTransientConnectionException (pool timeout), SQLTimeoutException
            case SQLRecoverableException _ -> true;
            case SQLException e -> transientSqlState(e.getSQLState()) || closedConnection(e.getMessage());
            // a rollback that failed: the connection broke under the transaction (the database went away)
            case org.springframework.transaction.TransactionSystemException e ->
                String.valueOf(e.getMessage()).contains("rollback failed");
            case RetriableException _ -> true; // Kafka: TimeoutException, NetworkException, NotEnoughReplicas, ...
            case SocketException _ -> true; // connection reset, connection refused
            case EOFException _ -> true; // a connection closed mid-answer
            case TimeoutException _ -> true; // waiting for Kafka's acknowledgement (e.g. of a dead letter)
            default -> false;
        };
    }

    /**
     * PostgreSQL SQLSTATEs that pass: class 08 (connection), 40001 and 40P01 (serialization failure, deadlock), 53
     * (insufficient resources, e.g. too many connections), 55P03 (lock not available), 55000 (what PostgreSQL answers
     * while a database does not accept connections), 57P01 to 57P05 (server shutting down, crashed, starting up, idle
     * timeouts), 58 (I/O), 25006 (read-only transaction: a standby during failover).
     */
    private static boolean transientSqlState(@org.jspecify.annotations.Nullable String state) {
        if (state == null) {
            return false;
        }
        return state.startsWith("08")
                || state.startsWith("53")
                || state.startsWith("58")
                || state.startsWith("57P")
                || state.equals("40001")
                || state.equals("40P01")
                || state.equals("55P03")
                || state.equals("55000")
                || state.equals("25006");
    }

    /** A connection the pool or the driver closed under us: Hikari and PgJDBC say so without a SQLSTATE at times. */
    private static boolean closedConnection(@org.jspecify.annotations.Nullable String message) {
        String text = String.valueOf(message).toLowerCase(java.util.Locale.ROOT);
        return text.contains("connection is closed") || text.contains("connection has been closed");
    }

    private static boolean violatesARule(Throwable t) {
        if (t instanceof DataIntegrityViolationException || t instanceof NonTransientDataAccessException) {
            return true;
        }
        if (t instanceof SQLException e && e.getSQLState() != null) {
            // 22 data exception, 23 integrity constraint violation
            return e.getSQLState().startsWith("22") || e.getSQLState().startsWith("23");
        }
        return false;
    }

    private static List<Throwable> chain(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                chain.add(sql.getNextException());
            }
        }
        return chain;
    }
}
