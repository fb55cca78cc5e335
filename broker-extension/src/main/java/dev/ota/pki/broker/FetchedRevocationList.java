package dev.ota.pki.broker;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet CA's CRL as the broker gets it: fetched from the CA (signing-service,
 * {@code GET /api/v1/fleet-ca/crl}, public: a CRL is signed public data) every {@code refresh}, with
 * {@code If-None-Match} so an unchanged CRL costs a 304. A CRL is taken only when its signature verifies with the
 * fleet CA certificate and it is not older than the one held ({@code thisUpdate}), so neither a forged nor a replayed
 * CRL can un-revoke anyone. The last good CRL is kept in {@code cacheFile} (the broker node's own disk) and read at
 * start, so a broker that starts while the CA is unreachable still refuses what was revoked. A CRL past its
 * {@code nextUpdate} is still enforced (refusing every vehicle would be worse), and logged as an error at each fetch
 * that fails.
 *
 * <p>Bound: a revocation committed at the CA is in this view within {@code refresh} plus one request, and the broker's
 * sweep closes the session within its interval after that (see {@link VehicleAccessExtension.Limits}). Each fetch
 * names the node ({@value #BROKER_HEADER}), and the CA's revoking call waits until every node it saw lately holds the
 * revocation, so a revocation is in force at every live node when the call answers.
 */
public final class FetchedRevocationList implements Revocations, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FetchedRevocationList.class);

    /** The header this node names itself with, so the CA can tell when every node holds a revocation. */
    public static final String BROKER_HEADER = "Ota-Broker";

    private final URI crlUrl;
    private final X509Certificate issuer;
    private final @Nullable Path cacheFile;
    private final @Nullable String brokerId;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("fleet-crl-fetch").daemon(true).factory());
    private volatile Set<BigInteger> revoked = Set.of();
    private volatile @Nullable Instant thisUpdate;
    private volatile @Nullable Instant nextUpdate;
    private volatile @Nullable String etag;
    private volatile long version;
    private volatile boolean failing;

    /**
     * @param crlUrl the CA's CRL, e.g. {@code http://signing-service:8081/api/v1/fleet-ca/crl}
     * @param issuer the fleet CA certificate, which must have signed the CRL
     * @param cacheFile where the last good CRL is kept (PEM); null for none
     */
    public FetchedRevocationList(URI crlUrl, X509Certificate issuer, @Nullable Path cacheFile) {
        this(crlUrl, issuer, cacheFile, null);
    }

    /**
     * @param brokerId this node's name, sent with every fetch ({@value #BROKER_HEADER}): the CA's revoking call waits
     *     until the nodes it has seen hold the revocation; null to fetch anonymously
     */
    public FetchedRevocationList(
            URI crlUrl, X509Certificate issuer, @Nullable Path cacheFile, @Nullable String brokerId) {
        this.crlUrl = crlUrl;
        this.issuer = issuer;
        this.cacheFile = cacheFile;
        this.brokerId = brokerId;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        readCache();
    }

    /** Fetches now, then every {@code refresh}; returns this. */
    public FetchedRevocationList start(Duration refresh) {
        scheduler.scheduleWithFixedDelay(this::fetchQuietly, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public boolean isRevoked(X509Certificate certificate) {
        return revoked.contains(certificate.getSerialNumber());
    }

    @Override
    public long version() {
        return version;
    }

    public int size() {
        return revoked.size();
    }

    /** The thisUpdate of the CRL held; null before the first one. */
    public @Nullable Instant thisUpdate() {
        return thisUpdate;
    }

    /**
     * Fetches the CRL once and takes it if it is good and new.
     *
     * @return whether the CA answered (200 or 304)
     */
    public boolean fetch() {
        return fetch(true);
    }

    /**
     * @param confirmNew after taking a new CRL, ask again at once with its entity tag: the CA counts this node as
     *     holding a CRL only when it asks with that CRL's tag, and a revoking call waits for that
     */
    private boolean fetch(boolean confirmNew) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(crlUrl)
                    .timeout(Duration.ofSeconds(5))
                    .GET();
            String known = etag;
            if (known != null) {
                request.header("If-None-Match", known);
            }
            if (brokerId != null) {
                request.header(BROKER_HEADER, brokerId);
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 304) {
                return true;
            }
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            if (take(response.body())) {
                etag = response.headers().firstValue("ETag").orElse(null);
                writeCache(response.body());
                if (confirmNew && brokerId != null && etag != null) {
                    fetch(false);
                }
            }
            if (failing) {
                log.info("fleet CRL fetched from {} again", crlUrl);
                failing = false;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            warnFailed(e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void fetchQuietly() {
        fetch();
    }

    /** Takes a fetched or cached CRL if signed by the fleet CA and not older than the one held. */
    synchronized boolean take(byte[] pem) {
        X509CRL crl;
        try {
            crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(pem));
            crl.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            log.error("fleet CRL from {} refused, keeping the last one: {}", crlUrl, e.toString());
            return false;
        }
        Instant issued = crl.getThisUpdate().toInstant();
        Instant held = thisUpdate;
        if (held != null && issued.isBefore(held)) {
            log.warn("fleet CRL from {} is older ({}) than the one held ({}): ignored", crlUrl, issued, held);
            return false;
        }
        Set<? extends X509CRLEntry> entries = crl.getRevokedCertificates();
        Set<BigInteger> serials = entries == null
                ? Set.of()
                : entries.stream().map(X509CRLEntry::getSerialNumber).collect(Collectors.toUnmodifiableSet());
        Date next = crl.getNextUpdate();
        nextUpdate = next == null ? null : next.toInstant();
        thisUpdate = issued;
        if (!serials.equals(revoked)) {
            revoked = serials;
            version++;
            log.info("fleet CRL of {}: {} revoked certificates", issued, serials.size());
        }
        return true;
    }

    /** Logs the first failure of a run of them, and every failure once the CRL held has expired. */
    private void warnFailed(Exception e) {
        boolean first = !failing;
        failing = true;
        Instant next = nextUpdate;
        if (next != null && Instant.now().isAfter(next)) {
            log.error(
                    "fleet CRL not fetched from {} ({}); the one held expired at {} and is still enforced",
                    crlUrl,
                    e.toString(),
                    next);
        } else if (first) {
            log.warn(
                    "fleet CRL not fetched from {}, keeping the last one (retrying quietly): {}", crlUrl, e.toString());
        }
    }

    private void readCache() {
        if (cacheFile != null && Files.exists(cacheFile)) {
            try {
                take(Files.readAllBytes(cacheFile));
            } catch (IOException e) {
                log.warn("cached fleet CRL {} not read: {}", cacheFile, e.toString());
            }
        }
    }

    private void writeCache(byte[] pem) {
        if (cacheFile == null) {
            return;
        }
        try {
            Path temporary = cacheFile.resolveSibling(cacheFile.getFileName() + ".tmp");
            Files.write(temporary, pem);
            Files.move(temporary, cacheFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("fleet CRL not cached in {}: {}", cacheFile, e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** For logs. */
    @Override
    public String toString() {
        return "CRL from " + crlUrl + " (" + revoked.size() + " revoked, thisUpdate " + thisUpdate + ")";
    }
}
