package dev.ota.audit.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.audit.AuditServiceApplication;
import dev.ota.testsupport.ProductionProfileRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;

class ProductionCheckpointKeyTests {

    @TempDir
    Path work;

    @Test
    void refusesToStartUnderTheProductionProfileWithoutTheCheckpointKeyOrTheMigrationOwner() {
        assertThatThrownBy(() -> start(Map.of("OTA_DB_USER", "audit_writer")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refusing to start under the production profile")
                .hasMessageContaining("no database: set OTA_DB_PASSWORD (spring.datasource.password), OTA_DB_URL")
                .hasMessageContaining("no checkpoint signing key: set OTA_AUDIT_KEY_FILE")
                .hasMessageContaining("no migration owner: set OTA_DB_OWNER_USER");
    }

    @Test
    void refusesToGenerateACheckpointKeyUnderTheProductionProfile() throws Exception {
        Map<String, Object> environment = withDatabase(
                "audit_writer", Map.of("OTA_AUDIT_KEY_FILE", keyFile().toString(), "OTA_AUDIT_GENERATE_KEY", "true"));

        assertThatThrownBy(() -> start(environment))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ota.audit.checkpoint.generate-key-if-missing=true is a development setting")
                .hasMessageNotContaining("missing:");
    }

    @Test
    void refusesToConnectAsTheOwnerOfTheLog() throws Exception {
        assertThat(problems(withDatabase(
                        "audit", Map.of("OTA_AUDIT_KEY_FILE", keyFile().toString()))))
                .containsExactly("the service connects as the owner of its tables (audit): set OTA_DB_USER to a"
                        + " writer role of its own");
    }

    @Test
    void acceptsAProvisionedKeyAndAWriterRole() throws Exception {
        assertThat(problems(withDatabase(
                        "audit_writer", Map.of("OTA_AUDIT_KEY_FILE", keyFile().toString()))))
                .isEmpty();
        assertThat(problems(withDatabase("audit_writer", Map.of())))
                .containsExactly("no checkpoint signing key: set OTA_AUDIT_KEY_FILE (ota.audit.checkpoint.key-file)");
    }

    /** The database settings of the Deployment (migrations as the owner {@code audit}), plus {@code more}. */
    private static Map<String, Object> withDatabase(String user, Map<String, Object> more) {
        Map<String, Object> environment = new HashMap<>(more);
        environment.put("OTA_DB_URL", "jdbc:postgresql://audit-db-rw:5432/audit");
        environment.put("OTA_DB_USER", user);
        environment.put("OTA_DB_PASSWORD", "from-a-secret");
        environment.put("OTA_DB_OWNER_USER", "audit");
        environment.put("OTA_DB_OWNER_PASSWORD", "from-a-secret");
        return environment;
    }

    private Path keyFile() throws Exception {
        return Files.writeString(work.resolve("checkpoint-key.ed25519"), "c2VlZA==\n");
    }

    private static void start(Map<String, Object> environment) {
        ProductionProfileRun.start(AuditServiceApplication.class, environment);
    }

    /** The check against the service's own configuration files (production over base) and the given environment. */
    private static List<String> problems(Map<String, Object> environmentVariables) {
        var environment = ProductionProfileRun.environment(environmentVariables);
        return new ProductionCheckpointKey().problems(environment, Binder.get(environment));
    }
}
