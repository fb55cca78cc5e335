package dev.ota.campaign.images;

import dev.ota.contracts.events.ImageRevoked;
import dev.ota.contracts.events.ImageSigned;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The images campaigns may ship: what signing-service announced, minus what it revoked. */
@Service
public class ImageCatalogue {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    ImageCatalogue(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    void signed(ImageSigned event) {
        jdbc.sql("""
                        insert into image (image_name, version, hardware_ids, release_counter, length, hashes,
                                           target_path, signed_at)
                        values (:name, :version, :hw, :counter, :length, cast(:hashes as jsonb), :path, :at)
                        on conflict (image_name, version) do update set hardware_ids = excluded.hardware_ids,
                            release_counter = excluded.release_counter, length = excluded.length,
                            hashes = excluded.hashes, target_path = excluded.target_path
                        """)
                .param("name", event.imageName())
                .param("version", event.version())
                .param("hw", event.hardwareIds().toArray(String[]::new))
                .param("counter", event.releaseCounter())
                .param("length", event.length())
                .param("hashes", JSON.writeValueAsString(event.hashes()))
                .param("path", event.targetPath())
                .param("at", Timestamp.from(event.occurredAt()))
                .update();
    }

    @Transactional
    void revoked(ImageRevoked event) {
        jdbc.sql("update image set revoked = true, revoked_reason = :reason where image_name = :name and version = :v")
                .param("reason", event.reason() + " (by " + event.revokedBy() + ")")
                .param("name", event.imageName())
                .param("v", event.version())
                .update();
    }

    @Transactional(readOnly = true)
    public Optional<SignedImage> find(String imageName, String version) {
        return jdbc.sql("select * from image where image_name = :name and version = :v")
                .param("name", imageName)
                .param("v", version)
                .query(ImageCatalogue::map)
                .optional();
    }

    @Transactional(readOnly = true)
    public Optional<SignedImage> byTargetPath(String targetPath) {
        return jdbc.sql("select * from image where target_path = :p order by signed_at desc limit 1")
                .param("p", targetPath)
                .query(ImageCatalogue::map)
                .optional();
    }

    @Transactional(readOnly = true)
    public List<SignedImage> all() {
        return jdbc.sql("select * from image order by image_name, release_counter desc")
                .query(ImageCatalogue::map)
                .list();
    }

    private static SignedImage map(ResultSet rs, int row) throws SQLException {
        Array hw = rs.getArray("hardware_ids");
        return new SignedImage(
                rs.getString("image_name"),
                rs.getString("version"),
                Arrays.asList((String[]) hw.getArray()),
                rs.getLong("release_counter"),
                rs.getLong("length"),
                JSON.readValue(rs.getString("hashes"), new TypeReference<Map<String, String>>() {}),
                rs.getString("target_path"),
                rs.getBoolean("revoked"));
    }
}
