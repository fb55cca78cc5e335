package dev.ota.audit.checkpoint;

import dev.ota.platform.production.ProductionCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Under the production profile the checkpoint key is provisioned, never generated: witnesses and auditors pin its
 * verifier key, and a key made per pod would give every replica and every restart a log identity of its own. The
 * writer/owner split of the database roles is required too, so that the service cannot disable its own triggers.
 */
public class ProductionCheckpointKey extends ProductionCheck {

    @Override
    protected List<String> problems(Environment environment, Binder binder) {
        List<String> problems = new ArrayList<>();
        requireSettings(environment, "database", DATABASE, problems);
        if (binder.bind("ota.audit.checkpoint.generate-key-if-missing", Boolean.class)
                .orElse(false)) {
            problems.add("ota.audit.checkpoint.generate-key-if-missing=true is a development setting "
                    + "(OTA_AUDIT_GENERATE_KEY must not be true): the checkpoint key comes from a Secret");
        }
        String keyFile = setting(environment, "ota.audit.checkpoint.key-file");
        if (keyFile == null) {
            problems.add("no checkpoint signing key: set OTA_AUDIT_KEY_FILE (ota.audit.checkpoint.key-file)");
        } else if (!Files.isRegularFile(Path.of(keyFile))) {
            problems.add("checkpoint signing key missing: " + keyFile);
        }
        String writer = setting(environment, "spring.datasource.username");
        String owner = setting(environment, "spring.flyway.user");
        if (owner == null) {
            problems.add("no migration owner: set OTA_DB_OWNER_USER and OTA_DB_OWNER_PASSWORD (spring.flyway.user)");
        } else if (owner.equals(writer)) {
            problems.add("the service connects as the owner of its tables (" + owner
                    + "): set OTA_DB_USER to a writer role of its own");
        }
        return problems;
    }
}
