package dev.ota.campaign.registry;

import dev.ota.campaign.images.ImageCatalogue;
import dev.ota.campaign.images.SignedImage;
import dev.ota.contracts.MalformedEventException;
import dev.ota.contracts.events.EcuKeysRegistered;
import dev.ota.contracts.events.ManifestReported;
import dev.ota.contracts.events.ManifestVerified;
import dev.ota.contracts.events.VerifiedEcu;
import dev.ota.platform.outbox.Outbox;
import dev.ota.uptane.crypto.TufKey;
import dev.ota.uptane.json.CanonicalJson;
import dev.ota.uptane.manifest.EcuVersionReport;
import dev.ota.uptane.manifest.ManifestRefusal;
import dev.ota.uptane.manifest.ManifestVerdict;
import dev.ota.uptane.manifest.ManifestVerifier;
import dev.ota.uptane.manifest.RegisteredEcu;
import dev.ota.uptane.manifest.VehicleVersionManifest;
import dev.ota.uptane.metadata.SignedDocument;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The vehicle inventory: registration, manifests applied, and look-ups for targeting and dispatch. */
@Service
public class VehicleRegistry {

    private static final Logger log = LoggerFactory.getLogger(VehicleRegistry.class);

    private final JdbcClient jdbc;
    private final ImageCatalogue images;
    private final ApplicationEventPublisher events;
    private final ManifestVerifier verifier;
    private final ManifestRefusals refusals;
    private final Outbox outbox;
    private final Clock clock;

    VehicleRegistry(
            JdbcClient jdbc,
            ImageCatalogue images,
            ApplicationEventPublisher events,
            ManifestVerifier verifier,
            ManifestRefusals refusals,
            Outbox outbox,
            Clock clock) {
        this.jdbc = jdbc;
        this.images = images;
        this.events = events;
        this.verifier = verifier;
        this.refusals = refusals;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Registers a vehicle, or updates its attributes and fitted ECUs (installed software is kept). ECU public keys in
     * the registration are the inventory's only way in: registering or replacing one needs a vehicle provisioner, and
     * is published as {@link EcuKeysRegistered}; an ECU registered without a key keeps the key it has.
     *
     * @param registeredBy who registers (the caller's name), for the audit trail of key registrations
     * @param provisioner whether the caller holds the vehicle provisioner role
     * @throws EcuKeyRegistrationForbidden when the registration would add or change a key and the caller may not
     */
    @Transactional
    public Vehicle register(VehicleRegistration registration, String registeredBy, boolean provisioner) {
        String zone = registration.timeZone() == null ? "UTC" : registration.timeZone();
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("timeZone '" + zone + "' is not an IANA time zone");
        }
        long primaries = registration.ecus().stream()
                .filter(VehicleRegistration.EcuRegistration::primary)
                .count();
        if (primaries > 1) {
            throw new IllegalArgumentException("a vehicle has at most one primary ECU");
        }
        Map<String, String> keyIds = registeredKeyIds(registration.vin());
        List<EcuKeysRegistered.RegisteredKey> newKeys = new ArrayList<>();
        Map<String, TufKey> keys = new HashMap<>();
        for (VehicleRegistration.EcuRegistration ecu : registration.ecus()) {
            if (ecu.publicKey() == null) {
                continue;
            }
            TufKey key = parseKey(ecu);
            keys.put(ecu.serial(), key);
            String before = keyIds.get(ecu.serial());
            if (!key.keyId().equals(before)) {
                if (!provisioner) {
                    throw new EcuKeyRegistrationForbidden(registration.vin(), ecu.serial());
                }
                newKeys.add(new EcuKeysRegistered.RegisteredKey(
                        ecu.serial(), ecu.hardwareId(), ecu.primary(), key.keyId(), before));
            }
        }
        jdbc.sql("""
                        insert into vehicle (vin, model, model_year, region, market, tags, time_zone)
                        values (:vin, :model, :year, :region, :market, :tags, :zone)
                        on conflict (vin) do update set model = excluded.model, model_year = excluded.model_year,
                            region = excluded.region, market = excluded.market, tags = excluded.tags,
                            time_zone = excluded.time_zone
                        """)
                .param("vin", registration.vin())
                .param("model", registration.model())
                .param("year", registration.modelYear())
                .param("region", registration.region())
                .param("market", registration.market())
                .param(
                        "tags",
                        (registration.tags() == null ? List.<String>of() : registration.tags()).toArray(String[]::new))
                .param("zone", zone)
                .update();
        for (VehicleRegistration.EcuRegistration ecu : registration.ecus()) {
            TufKey key = keys.get(ecu.serial());
            jdbc.sql("""
                            insert into ecu (vin, ecu_serial, hardware_id, is_primary, public_key, key_id)
                            values (:vin, :serial, :hw, :p, :key, :keyId)
                            on conflict (vin, ecu_serial) do update set hardware_id = excluded.hardware_id,
                                is_primary = excluded.is_primary,
                                public_key = coalesce(excluded.public_key, ecu.public_key),
                                key_id = coalesce(excluded.key_id, ecu.key_id)
                            """)
                    .param("vin", registration.vin())
                    .param("serial", ecu.serial())
                    .param("hw", ecu.hardwareId())
                    .param("p", ecu.primary())
                    .param("key", key == null ? null : CanonicalJson.encodeToString(key))
                    .param("keyId", key == null ? null : key.keyId())
                    .update();
        }
        if (!newKeys.isEmpty()) {
            outbox.publish(new EcuKeysRegistered(
                    UUID.randomUUID(), clock.instant(), registration.vin(), newKeys, registeredBy));
        }
        return find(registration.vin()).orElseThrow();
    }

    private static TufKey parseKey(VehicleRegistration.EcuRegistration ecu) {
        try {
            return TufKey.fromJson(ecu.publicKey());
        } catch (RuntimeException malformed) {
            throw new IllegalArgumentException(
                    "publicKey of ECU " + ecu.serial() + " is not a TUF public key: " + malformed.getMessage());
        }
    }

    private Map<String, String> registeredKeyIds(String vin) {
        Map<String, String> ids = new HashMap<>();
        jdbc.sql("select ecu_serial, key_id from ecu where vin = :vin and key_id is not null")
                .param("vin", vin)
                .query(rs -> {
                    ids.put(rs.getString("ecu_serial"), rs.getString("key_id"));
                });
        return ids;
    }

    /**
     * Applies a reported manifest once it is verified against the ECU key inventory ({@link ManifestVerifier}: the
     * Primary's and every ECU's signature with its registered key, ECUs and hardware ids as registered, time within
     * tolerance) and none of its nonces was used before. Then it records the installed software per registered ECU, the
     * location and when the vehicle was last seen, and publishes {@link ManifestVerified} (for every other service)
     * and {@link ManifestApplied} in the same transaction. An out-of-order (older) manifest is published but only
     * updates last-seen here. Nothing a manifest says adds an ECU or changes a hardware id.
     *
     * @throws MalformedEventException when the manifest is refused (recorded as {@code ManifestRefused} first)
     */
    @Transactional
    public void applyManifest(ManifestReported report) {
        List<RegisteredEcu> inventory = inventoryForUpdate(report.vin());
        ManifestVerdict verdict = verifier.verify(report.vin(), report.manifest(), inventory);
        if (verdict instanceof ManifestVerdict.Refused refused) {
            throw refusals.refuse(report, refused);
        }
        SignedDocument<VehicleVersionManifest> manifest = ((ManifestVerdict.Verified) verdict).manifest();
        String replayed = recordNonces(report.vin(), manifest.body());
        if (replayed != null) {
            throw refusals.refuse(
                    report,
                    new ManifestVerdict.Refused(
                            ManifestRefusal.NONCE_REPLAYED,
                            "nonce of ECU " + replayed + " was used in an earlier report (replayed report)"));
        }
        Map<String, RegisteredEcu> registered = new HashMap<>();
        inventory.forEach(ecu -> registered.put(ecu.serial(), ecu));
        List<VerifiedEcu> ecus = new ArrayList<>();
        for (var filed : new TreeMap<>(manifest.body().ecuReports()).entrySet()) {
            EcuVersionReport ecu = filed.getValue().body();
            Optional<SignedImage> image = images.byTargetPath(ecu.installedImagePath());
            ecus.add(new VerifiedEcu(
                    ecu.ecuSerial(),
                    ecu.hardwareId(),
                    Objects.requireNonNull(registered.get(ecu.ecuSerial()), "verified: a registered ECU")
                            .primary(),
                    ecu.installedImagePath(),
                    ecu.installedLength(),
                    ecu.installedHashes(),
                    ecu.releaseCounter(),
                    image.map(SignedImage::imageName).orElse(null),
                    image.map(SignedImage::version).orElse(null),
                    ecu.attacksDetected(),
                    ecu.time()));
        }
        Optional<VehicleVersionManifest.Location> location = manifest.body().location();
        ManifestVerified verified = new ManifestVerified(
                verifiedIdOf(report),
                clock.instant(),
                report.vin(),
                report.eventId(),
                manifest.body().time(),
                ecus,
                location.map(VehicleVersionManifest.Location::latitude).orElse(null),
                location.map(VehicleVersionManifest.Location::longitude).orElse(null));
        outbox.publish(verified);
        if (applyNewest(report, verified)) {
            events.publishEvent(new ManifestApplied(report.vin(), report.occurredAt()));
        }
    }

    /** The vehicle's registered ECUs, its row locked so manifests of one vehicle apply one at a time. */
    private List<RegisteredEcu> inventoryForUpdate(String vin) {
        Optional<String> locked = jdbc.sql("select vin from vehicle where vin = :vin for update")
                .param("vin", vin)
                .query(String.class)
                .optional();
        if (locked.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select ecu_serial, hardware_id, is_primary, public_key from ecu where vin = :vin")
                .param("vin", vin)
                .query((rs, n) -> {
                    String key = rs.getString("public_key");
                    return new RegisteredEcu(
                            rs.getString("ecu_serial"),
                            rs.getString("hardware_id"),
                            rs.getBoolean("is_primary"),
                            key == null ? null : TufKey.fromJson(dev.ota.uptane.json.Json.parse(key)));
                })
                .list();
    }

    /** Stores every report's nonce; returns the serial of an ECU whose nonce was stored before (a replay), else null. */
    private @Nullable String recordNonces(String vin, VehicleVersionManifest manifest) {
        for (var filed : new TreeMap<>(manifest.ecuReports()).entrySet()) {
            EcuVersionReport ecu = filed.getValue().body();
            int stored = jdbc.sql("""
                            insert into ecu_nonce (vin, ecu_serial, nonce, signed_at) values (:vin, :serial, :nonce, :at)
                            on conflict do nothing
                            """)
                    .param("vin", vin)
                    .param("serial", ecu.ecuSerial())
                    .param("nonce", ecu.nonce())
                    .param("at", Timestamp.from(ecu.time()))
                    .update();
            if (stored == 0) {
                return ecu.ecuSerial();
            }
        }
        return null;
    }

    /** Writes what the manifest shows unless a newer one was applied; returns whether it was applied. */
    private boolean applyNewest(ManifestReported report, ManifestVerified verified) {
        Timestamp at = Timestamp.from(report.occurredAt());
        int fresh = jdbc.sql("""
                        update vehicle set last_seen = greatest(coalesce(last_seen, :at), :at), manifest_at = :at,
                            manifest_verified = true,
                            latitude = coalesce(cast(:lat as double precision), latitude),
                            longitude = coalesce(cast(:lon as double precision), longitude),
                            location_at = case when cast(:lat as double precision) is null then location_at else :at end
                        where vin = :vin and (manifest_at is null or manifest_at <= :at)
                        """)
                .param("at", at)
                .param("lat", verified.latitude())
                .param("lon", verified.longitude())
                .param("vin", report.vin())
                .update();
        if (fresh == 0) {
            jdbc.sql("update vehicle set last_seen = greatest(last_seen, :at) where vin = :vin")
                    .param("at", at)
                    .param("vin", report.vin())
                    .update();
            return false;
        }
        for (VerifiedEcu ecu : verified.ecus()) {
            jdbc.sql("""
                            update ecu set image_name = :image, version = :version, release_counter = :counter,
                                target_path = :path, reported_at = :at, installed_length = :length,
                                installed_sha256 = :sha256, installed_sha512 = :sha512
                            where vin = :vin and ecu_serial = :serial
                            """)
                    .param("length", ecu.length())
                    .param("sha256", hex(ecu.hashes().get("sha256"), 64))
                    .param("sha512", hex(ecu.hashes().get("sha512"), 128))
                    .param("image", ecu.imageName())
                    .param("version", ecu.version())
                    .param("counter", ecu.releaseCounter())
                    .param("path", ecu.targetPath())
                    .param("at", at)
                    .param("vin", report.vin())
                    .param("serial", ecu.ecuSerial())
                    .update();
        }
        return true;
    }

    /** A reported hash kept only when it is the hex digest it claims to be (else the ECU gets no delta offer). */
    private static @Nullable String hex(@Nullable String reported, int digits) {
        return reported != null
                        && reported.length() == digits
                        && reported.chars().allMatch(c -> Character.digit(c, 16) >= 0)
                ? reported.toLowerCase(java.util.Locale.ROOT)
                : null;
    }

    static UUID verifiedIdOf(ManifestReported report) {
        return UUID.nameUUIDFromBytes(("ManifestVerified:" + report.eventId()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Forgets nonces signed before the manifest age tolerance (plus a day): a report that old is refused by its time,
     * so its nonce can no longer be replayed.
     */
    @Scheduled(fixedDelayString = "${ota.registry.nonce-pruning-interval:1h}", initialDelayString = "1m")
    @Transactional
    public int pruneNonces() {
        Instant horizon = clock.instant().minus(verifier.maxAge()).minus(Duration.ofDays(1));
        return jdbc.sql("delete from ecu_nonce where signed_at < :horizon")
                .param("horizon", Timestamp.from(horizon))
                .update();
    }

    /** Marks the vehicle as heard from (any report). */
    @Transactional
    public void seen(String vin, Instant at) {
        jdbc.sql("update vehicle set last_seen = greatest(coalesce(last_seen, :at), :at) where vin = :vin")
                .param("at", Timestamp.from(at))
                .param("vin", vin)
                .update();
    }

    @Transactional(readOnly = true)
    public Optional<Vehicle> find(String vin) {
        return Optional.ofNullable(load(List.of(vin)).get(vin));
    }

    /** The vehicles with these VINs in VIN order (unknown VINs are left out), with their ECUs. */
    @Transactional(readOnly = true)
    public Map<String, Vehicle> load(Collection<String> vins) {
        if (vins.isEmpty()) {
            return Map.of();
        }
        Map<String, List<Ecu>> ecus = new HashMap<>();
        jdbc.sql("select * from ecu where vin in (:vins) order by vin, is_primary desc, ecu_serial")
                .param("vins", vins)
                .query(rs -> {
                    ecus.computeIfAbsent(rs.getString("vin"), v -> new ArrayList<>())
                            .add(ecu(rs));
                });
        Map<String, Vehicle> vehicles = new LinkedHashMap<>();
        jdbc.sql("select * from vehicle where vin in (:vins) order by vin")
                .param("vins", vins)
                .query(rs -> {
                    String vin = rs.getString("vin");
                    vehicles.put(vin, vehicle(rs, ecus.getOrDefault(vin, List.of())));
                });
        return vehicles;
    }

    /** A page of vehicles in VIN order, after the given VIN. */
    @Transactional(readOnly = true)
    public List<Vehicle> page(@Nullable String afterVin, int size) {
        List<String> vins = jdbc.sql("select vin from vehicle where vin > :after order by vin limit :size")
                .param("after", afterVin == null ? "" : afterVin)
                .param("size", size)
                .query(String.class)
                .list();
        return List.copyOf(load(vins).values());
    }

    private static Ecu ecu(ResultSet rs) throws SQLException {
        Timestamp reported = rs.getTimestamp("reported_at");
        long counter = rs.getLong("release_counter");
        boolean noCounter = rs.wasNull();
        return new Ecu(
                rs.getString("ecu_serial"),
                rs.getString("hardware_id"),
                rs.getBoolean("is_primary"),
                rs.getString("image_name"),
                rs.getString("version"),
                noCounter ? null : counter,
                rs.getString("target_path"),
                reported == null ? null : reported.toInstant(),
                rs.getString("key_id"),
                rs.getObject("installed_length", Long.class),
                rs.getString("installed_sha256"),
                rs.getString("installed_sha512"));
    }

    private static Vehicle vehicle(ResultSet rs, List<Ecu> ecus) throws SQLException {
        Array tags = rs.getArray("tags");
        double lat = rs.getDouble("latitude");
        boolean noLat = rs.wasNull();
        double lon = rs.getDouble("longitude");
        boolean noLon = rs.wasNull();
        Timestamp lastSeen = rs.getTimestamp("last_seen");
        Timestamp manifestAt = rs.getTimestamp("manifest_at");
        return new Vehicle(
                rs.getString("vin"),
                rs.getString("model"),
                rs.getInt("model_year"),
                rs.getString("region"),
                rs.getString("market"),
                Arrays.asList((String[]) tags.getArray()),
                rs.getString("time_zone"),
                noLat ? null : lat,
                noLon ? null : lon,
                lastSeen == null ? null : lastSeen.toInstant(),
                manifestAt == null ? null : manifestAt.toInstant(),
                rs.getBoolean("manifest_verified"),
                ecus);
    }
}
