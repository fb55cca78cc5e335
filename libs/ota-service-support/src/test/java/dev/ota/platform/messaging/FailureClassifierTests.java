package dev.ota.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.contracts.MalformedEventException;
import dev.ota.platform.messaging.FailureClassifier.Kind;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.transaction.CannotCreateTransactionException;

class FailureClassifierTests {

    @Test
    void aDatabaseThatRefusesConnectionsIsTransientHoweverDeeplyWrapped() {
        var refused = new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
        var pool = new SQLTransientConnectionException("Connection is not available, request timed out", refused);
        var failure = new ListenerExecutionFailedException(
                "listener failed", new CannotCreateTransactionException("Could not open JDBC Connection", pool));

        assertThat(FailureClassifier.classify(failure)).isEqualTo(Kind.TRANSIENT);
        assertThat(FailureClassifier.classify(new CannotGetJdbcConnectionException("no connection")))
                .isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void lockTimeoutsDeadlocksServerShutdownAndConnectionResetsAreTransient() {
        assertThat(FailureClassifier.classify(new CannotAcquireLockException("lock timeout")))
                .isEqualTo(Kind.TRANSIENT);
        assertThat(FailureClassifier.classify(new IllegalStateException(new SQLException("lock", "55P03"))))
                .isEqualTo(Kind.TRANSIENT);
        assertThat(FailureClassifier.classify(new RuntimeException(new SQLException("deadlock", "40P01"))))
                .isEqualTo(Kind.TRANSIENT);
        assertThat(FailureClassifier.classify(new RuntimeException(new SQLException("admin shutdown", "57P01"))))
                .isEqualTo(Kind.TRANSIENT);
        assertThat(FailureClassifier.classify(new RuntimeException(new SocketException("Connection reset"))))
                .isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void aRollbackOnAConnectionTheDatabaseClosedIsTransient() {
        // seen when the database went away mid-transaction: the first failure of the outage
        var closed = new SQLException("Connection is closed");
        var rollback = new org.springframework.transaction.TransactionSystemException("JDBC rollback failed", closed);

        assertThat(FailureClassifier.classify(rollback)).isEqualTo(Kind.TRANSIENT);
        assertThat(FailureClassifier.classify(new SQLException("This connection has been closed.")))
                .isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void kafkaTimeoutsAreTransient() {
        var deadLetterNotAcknowledged = new IllegalStateException(
                "could not dead-letter", new ExecutionException(new TimeoutException("expired")));

        assertThat(FailureClassifier.classify(deadLetterNotAcknowledged)).isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void malformedUndeserialisableAndRuleViolatingRecordsArePermanent() {
        assertThat(FailureClassifier.classify(
                        new ListenerExecutionFailedException("x", new MalformedEventException("unknown VIN"))))
                .isEqualTo(Kind.PERMANENT);
        assertThat(FailureClassifier.classify(
                        new DeserializationException("bad bytes", new byte[0], false, new RuntimeException())))
                .isEqualTo(Kind.PERMANENT);
        assertThat(FailureClassifier.classify(new DataIntegrityViolationException("duplicate key")))
                .isEqualTo(Kind.PERMANENT);
        assertThat(FailureClassifier.classify(new RuntimeException(new SQLException("not null", "23502"))))
                .isEqualTo(Kind.PERMANENT);
    }

    @Test
    void aRecordRefusedByItsHandlerStaysPermanentEvenIfTheRefusalWrapsATimeout() {
        var refusal = new MalformedEventException("refused", new TimeoutException("while checking"));

        assertThat(FailureClassifier.classify(refusal)).isEqualTo(Kind.PERMANENT);
    }

    @Test
    void aBugOrAnAuthorizationFailureIsUnclassified() {
        assertThat(FailureClassifier.classify(new NullPointerException())).isEqualTo(Kind.UNCLASSIFIED);
        assertThat(FailureClassifier.classify(new TopicAuthorizationException("denied")))
                .isEqualTo(Kind.UNCLASSIFIED);
    }

    @Test
    void describesTheFailureWithItsRootCause() {
        var failure = new CannotCreateTransactionException(
                "Could not open JDBC Connection", new SQLException("refused", "08001"));

        assertThat(FailureClassifier.describe(failure))
                .isEqualTo("CannotCreateTransactionException: Could not open JDBC Connection"
                        + " (root cause SQLException: refused)");
    }
}
