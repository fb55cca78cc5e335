package dev.ota.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.infra.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A temporary embedded PostgreSQL (the tests' and benchmarks' own) leaves nothing behind once closed: benchmark forks
 * that left theirs running with GBs of data once filled the build machine's disk.
 */
class TemporaryPostgresIntegrationTests {

    @Test
    void closingATemporaryServerStopsItsProcessAndDeletesItsData() throws Exception {
        PostgresServer server = PostgresServer.start(0, null);
        Path dataDirectory;
        long postmaster;
        try (Connection connection = server.superuser().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select current_setting('data_directory')")) {
            rows.next();
            dataDirectory = Path.of(rows.getString(1));
            postmaster = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid"))
                    .getFirst()
                    .strip());
        }
        Optional<ProcessHandle> running = ProcessHandle.of(postmaster);
        assertThat(running).map(ProcessHandle::isAlive).contains(true);

        server.close();

        assertThat(running.get().isAlive())
                .as("postmaster %d still running", postmaster)
                .isFalse();
        assertThat(dataDirectory).doesNotExist();
    }
}
