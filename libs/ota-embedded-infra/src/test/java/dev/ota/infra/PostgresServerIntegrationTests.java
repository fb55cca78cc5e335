package dev.ota.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresServerIntegrationTests {

    @TempDir
    Path dataDirectory;

    @Test
    void stoppedServerRefusesConnectionsAndStartsAgainOnTheSamePortWithItsData() throws Exception {
        try (PostgresServer server = PostgresServer.start(FreePorts.pick(), dataDirectory)) {
            String url = server.ensureDatabase("kept");
            execute(url, "create table fact (id int primary key); insert into fact values (42)");

            server.stop();
            assertThatThrownBy(() -> connect(url, 3).close())
                    .as("no connection while stopped")
                    .isInstanceOf(SQLException.class);

            server.startAgain();
            assertThat(queryInt(url, "select id from fact")).isEqualTo(42);
        }
    }

    @Test
    void frozenServerAnswersNothingUntilItIsThawed() throws Exception {
        try (PostgresServer server = PostgresServer.start(FreePorts.pick(), dataDirectory)) {
            String url = server.ensureDatabase("frozen");
            try (Connection open = connect(url, 30)) {
                server.freeze();
                CompletableFuture<Integer> answer = CompletableFuture.supplyAsync(() -> {
                    try (Statement statement = open.createStatement();
                            ResultSet rows = statement.executeQuery("select 7")) {
                        rows.next();
                        return rows.getInt(1);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(2_000);
                assertThat(answer).as("a frozen server answers nothing").isNotDone();

                server.thaw();
                assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(7);
            }
        }
    }

    private static Connection connect(String url, int timeoutSeconds) throws SQLException {
        Properties properties = new Properties();
        String name = url.substring(url.lastIndexOf('/') + 1);
        properties.setProperty("user", name);
        properties.setProperty("password", name);
        properties.setProperty("connectTimeout", String.valueOf(timeoutSeconds));
        properties.setProperty("socketTimeout", String.valueOf(timeoutSeconds));
        return DriverManager.getConnection(url, properties);
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = connect(url, 10);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int queryInt(String url, String sql) throws SQLException {
        try (Connection connection = connect(url, 10);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
