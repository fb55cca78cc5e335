package dev.ota.audit;

import dev.ota.testsupport.RealInfrastructure;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A PostgreSQL superuser on the audit database who switches triggers off for the session ({@code
 * session_replication_role = replica}) and then edits rows at will: the strongest attacker inside the database.
 */
public final class Attacker implements AutoCloseable {

    private final SingleConnectionDataSource connection;
    private final JdbcTemplate sql;

    private Attacker(SingleConnectionDataSource connection) {
        this.connection = connection;
        this.sql = new JdbcTemplate(connection);
        sql.execute("set session_replication_role = replica");
    }

    public static Attacker onAuditDatabase() {
        DataSource superuser = RealInfrastructure.get().postgresSuperuser();
        try {
            Connection c;
            if (superuser instanceof PGSimpleDataSource pg) {
                PGSimpleDataSource audit = new PGSimpleDataSource();
                audit.setServerNames(pg.getServerNames());
                audit.setPortNumbers(pg.getPortNumbers());
                audit.setUser(pg.getUser());
                audit.setPassword(pg.getPassword());
                audit.setDatabaseName("audit");
                c = audit.getConnection();
            } else {
                try (Connection probe = superuser.getConnection()) {
                    String url = probe.getMetaData().getURL().replaceFirst("/[^/?]+(\\?|$)", "/audit$1");
                    c = java.sql.DriverManager.getConnection(
                            url, probe.getMetaData().getUserName(), "postgres");
                }
            }
            return new Attacker(new SingleConnectionDataSource(c, true));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect as superuser to the audit database", e);
        }
    }

    public JdbcTemplate sql() {
        return sql;
    }

    @Override
    public void close() {
        connection.destroy();
    }
}
