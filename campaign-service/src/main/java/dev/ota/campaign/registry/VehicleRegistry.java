package dev.ota.campaign.registry;

import dev.ota.campaign.images.ImageCatalogue;
import dev.ota.campaign.images.SignedImage;
import dev.ota.contracts.MalformedEventException;
import dev.ota.contracts.events.ManifestReported;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The vehicle inventory: registration, manifests applied, and look-ups for targeting and dispatch. */
@Service
public class VehicleRegistry {

    private static final Logger log = LoggerFactory.getLogger(VehicleRegistry.class);

    private final JdbcClient jdbc;
    private final ImageCatalogue images;
    private final ApplicationEventPublisher events;

    VehicleRegistry(JdbcClient jdbc, ImageCatalogue images, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.images = images;
        this.events = events;
    }

    /** Registers a vehicle, or updates its attributes and fitted ECUs (installed software is kept). */
    @Transactional
    public Vehicle register(VehicleRegistration registration) {
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
        jdbc.sql("""
                        insert into vehicle (vin, model, model_year, region, market, tags, time_zone, primary_ecu_key)
                        values (:vin, :model, :year, :region, :market, :tags, :zone, :key)
                        on conflict (vin) do update set model = excluded.model, model_year = excluded.model_year,
                            region = excluded.region, market = excluded.market, tags = excluded.tags,
                            time_zone = excluded.time_zone, primary_ecu_key = excluded.primary_ecu_key
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
                .param("key", registration.primaryEcuKey())
                .update();
        for (VehicleRegistration.EcuRegistration ecu : registration.ecus()) {
            jdbc.sql("""
                            insert into ecu (vin, ecu_serial, hardware_id, is_primary) values (:vin, :serial, :hw, :p)
                            on conflict (vin, ecu_serial) do update set hardware_id = excluded.hardware_id,
                                is_primary = excluded.is_primary
                            """)
                    .param("vin", registration.vin())
                    .param("serial", ecu.serial())
                    .param("hw", ecu.hardwareId())
                    .param("p", ecu.primary())
                    .update();
        }
        return find(registration.vin()).orElseThrow();
    }

    /**
     * Applies a reported manifest: verifies it against the vehicle's primary key when one is registered, then records
     * the installed software per ECU, the location, and when the vehicle was last seen, and publishes {@link
     * ManifestApplied} in the same transaction. An out-of-order (older) manifest only updates last-seen.
     *
     * @throws MalformedEventException for an unknown VIN, a manifest for another VIN, or a bad signature
     */
    @Transactional
    public void applyManifest(ManifestReported report) {
        Optional<String> key = jdbc.sql("select coalesce(primary_ecu_key, '') from vehicle where vin = :vin for update")
                .param("vin", report.vin())
                .query(String.class)
                .optional();
        if (key.isEmpty()) {
            throw new MalformedEventException("manifest for unregistered VIN " + report.vin());
        }
        boolean signedKeyKnown = !key.get().isBlank();
        ReportedManifest manifest = ReportedManifest.parse(report.vin(), report.manifest(), key.get());
        Timestamp at = Timestamp.from(report.occurredAt());
        int fresh = jdbc.sql("""
                        update vehicle set last_seen = greatest(coalesce(last_seen, :at), :at), manifest_at = :at,
                            manifest_verified = :verified,
                            latitude = coalesce(cast(:lat as double precision), latitude),
                            longitude = coalesce(cast(:lon as double precision), longitude),
                            location_at = case when cast(:lat as double precision) is null then location_at else :at end
                        where vin = :vin and (manifest_at is null or manifest_at <= :at)
                        """)
                .param("at", at)
                .param("verified", signedKeyKnown)
                .param("lat", manifest.latitude())
                .param("lon", manifest.longitude())
                .param("vin", report.vin())
                .update();
        if (fresh == 0) {
            jdbc.sql("update vehicle set last_seen = greatest(last_seen, :at) where vin = :vin")
                    .param("at", at)
                    .param("vin", report.vin())
                    .update();
            return;
        }
        for (ReportedManifest.EcuReport ecu : manifest.ecus()) {
            String imageName = ecu.imageName();
            String version = ecu.version();
            Long counter = ecu.releaseCounter();
            if (ecu.targetPath() != null && (imageName == null || version == null || counter == null)) {
                Optional<SignedImage> image = images.byTargetPath(ecu.targetPath());
                if (image.isPresent()) {
                    imageName = imageName == null ? image.get().imageName() : imageName;
                    version = version == null ? image.get().version() : version;
                    counter = counter == null ? image.get().releaseCounter() : counter;
                }
            }
            int updated = jdbc.sql("""
                            update ecu set image_name = :image, version = :version, release_counter = :counter,
                                target_path = :path, reported_at = :at,
                                hardware_id = coalesce(cast(:hw as varchar), hardware_id)
                            where vin = :vin and ecu_serial = :serial
                            """)
                    .param("image", imageName)
                    .param("version", version)
                    .param("counter", counter)
                    .param("path", ecu.targetPath())
                    .param("at", at)
                    .param("hw", ecu.hardwareId())
                    .param("vin", report.vin())
                    .param("serial", ecu.serial())
                    .update();
            if (updated == 0) {
                if (ecu.hardwareId() == null) {
                    log.warn(
                            "manifest of {} reports unregistered ECU {} without a hardware id; ignored",
                            report.vin(),
                            ecu.serial());
                    continue;
                }
                jdbc.sql("""
                                insert into ecu (vin, ecu_serial, hardware_id, image_name, version, release_counter,
                                                 target_path, reported_at)
                                values (:vin, :serial, :hw, :image, :version, :counter, :path, :at)
                                """)
                        .param("vin", report.vin())
                        .param("serial", ecu.serial())
                        .param("hw", ecu.hardwareId())
                        .param("image", imageName)
                        .param("version", version)
                        .param("counter", counter)
                        .param("path", ecu.targetPath())
                        .param("at", at)
                        .update();
            }
        }
        events.publishEvent(new ManifestApplied(report.vin(), report.occurredAt()));
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
                reported == null ? null : reported.toInstant());
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
