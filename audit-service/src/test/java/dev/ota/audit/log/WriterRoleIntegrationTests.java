package dev.ota.audit.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.testsupport.Infrastructure;
import dev.ota.testsupport.RealInfrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production split of the audit database's roles (docs/runbook.md, "The audit database's two roles"): migrations
 * run as the owner and grant the service's writer role what it needs, and that role, owning nothing, can append but
 * cannot switch off, drop or bypass the append-only triggers, not even on a partition made after the migrations.
 */
class WriterRoleIntegrationTests {

    private static final String DATABASE = "audit_roles";
    private static final String WRITER = "audit_roles_writer";

    private static String url;

    @BeforeAll
    static void migrateAsTheOwnerWithAWriterRole() throws SQLException {
        Infrastructure infrastructure = RealInfrastructure.get();
        try (Connection superuser = infrastructure.postgresSuperuser().getConnection();
                Statement statement = superuser.createStatement()) {
            statement.execute("do $$ begin if not exists (select 1 from pg_roles where rolname = '" + WRITER
                    + "') then create role " + WRITER + " login password '" + WRITER + "'; end if; end $$");
        }
        url = infrastructure.database(DATABASE);
        Flyway.configure()
                .dataSource(url, DATABASE, DATABASE)
                .locations("classpath:db/platform", "classpath:db/migration")
                .placeholders(Map.of("writer_role", WRITER))
                .load()
                .migrate();
    }

    @Test
    void theWriterAppendsAndMakesNewPartitionsThatTheOwnerOwns() throws SQLException {
        try (Connection writer = writer();
                Statement statement = writer.createStatement()) {
            statement.execute("select audit_ensure_partition(3)");
            statement.execute("insert into log_event_id (event_id, idx) values ('" + UUID.randomUUID() + "', 1)");
            statement.execute("insert into outbox_event (event_id, topic, record_key, event_type, payload) values ('"
                    + UUID.randomUUID() + "', 'ota.audit.checkpoints', 'k', 'ota.Test.v1', '\\x7b7d')");
            statement.execute("delete from outbox_event");
            try (ResultSet owner =
                    statement.executeQuery("select tableowner from pg_tables where tablename = 'log_entry_p000003'")) {
                assertThat(owner.next()).isTrue();
                assertThat(owner.getString(1)).isEqualTo(DATABASE);
            }
        }
    }

    @Test
    void theWriterCannotDisableDropOrBypassTheAppendOnlyTriggers() throws SQLException {
        for (String attack : List.of(
                "alter table log_entry disable trigger all",
                "alter table log_entry disable trigger log_entry_append_only",
                "alter table log_entry_p000000 disable trigger log_entry_p000000_no_truncate",
                "alter table log_event_id disable trigger user",
                "drop trigger log_event_id_append_only on log_event_id",
                "set session_replication_role = replica",
                "create or replace function audit_refuse_change() returns trigger language plpgsql as "
                        + "$$ begin return new; end $$",
                "delete from log_event_id",
                "truncate log_entry_p000000")) {
            try (Connection writer = writer();
                    Statement statement = writer.createStatement()) {
                assertThatThrownBy(() -> statement.execute(attack)).as(attack).isInstanceOf(SQLException.class);
            }
        }
    }

    private static Connection writer() throws SQLException {
        return DriverManager.getConnection(url, WRITER, WRITER);
    }
}
