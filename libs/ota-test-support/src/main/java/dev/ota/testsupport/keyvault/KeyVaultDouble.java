package dev.ota.testsupport.keyvault;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Azure Key Vault's keys API, the part a signer uses, served over HTTPS on loopback with real keys and real ECDSA:
 *
 * <ul>
 *   <li>{@code POST /keys/{name}/create} ({@code kty} EC with {@code crv} P-256 or P-384, or RSA) and
 *       {@code PUT /keys/{name}} (import of an EC P-256 JWK with its {@code d}): how tests put keys in;
 *   <li>{@code GET /keys/{name}[/{version}]}: the key bundle with the public JWK;
 *   <li>{@code POST /keys/{name}/{version}/sign} with {@code alg} ES256 and a SHA-256 digest: the signature as Key
 *       Vault returns it, base64url of the raw {@code r||s} (IEEE P1363), not DER.
 * </ul>
 *
 * <p>Every request needs the {@code api-version} query parameter (400 {@code MissingApiVersionParameter}). Requests
 * are authenticated the way Key Vault does it, which the SDK relies on: a request without a bearer token is answered
 * 401 with a {@code WWW-Authenticate} challenge naming the authority and the resource
 * ({@code https://vault.azure.net}); the client then fetches a token for that resource and repeats the request. A
 * token other than the one this double accepts is answered 403 {@code Forbidden}, an unknown key or version 404
 * {@code KeyNotFound}. Errors carry Key Vault's {@code {"error":{"code","message"}}} body.
 *
 * <p>It replaces Lowkey Vault in tests: that project's application is not on Maven Central (only its client is) and
 * its container needs a Docker engine. Start one per test class; {@link #close()} stops it.
 */
public final class KeyVaultDouble implements AutoCloseable {

    /** The resource the challenge names: tokens must be issued for it ({@code <resource>/.default}). */
    public static final String RESOURCE = "https://vault.azure.net";

    /** The authority the challenge names (a made-up tenant: no token is ever fetched from it in tests). */
    public static final String AUTHORITY = "https://login.microsoftonline.com/00000000-0000-0000-0000-00000000d0b1";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpsServer server;
    private final ExecutorService workers;
    private final SSLContext clientTrust;
    private final String acceptedToken;
    private final Map<String, List<VaultKey>> keys = new ConcurrentHashMap<>();
    private final AtomicLong signatures = new AtomicLong();
    private final AtomicLong challenges = new AtomicLong();
    private final AtomicLong refusedTokens = new AtomicLong();

    private KeyVaultDouble(String acceptedToken) throws IOException {
        this.acceptedToken = acceptedToken;
        SelfSignedTls tls = SelfSignedTls.generate();
        this.clientTrust = tls.client();
        this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.server()));
        this.workers = Executors.newFixedThreadPool(
                8, Thread.ofPlatform().name("key-vault-double-", 0).daemon(true).factory());
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a vault on a free loopback port that accepts bearer {@code acceptedToken} and nothing else. */
    public static KeyVaultDouble start(String acceptedToken) {
        try {
            return new KeyVaultDouble(acceptedToken);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the key vault double", e);
        }
    }

    /** The vault URL a client is configured with, {@code https://localhost:<port>}. */
    public URI vaultUrl() {
        return URI.create("https://localhost:" + server.getAddress().getPort());
    }

    /** A TLS context that trusts this vault's certificate only: give it to the client's HTTP stack. */
    public SSLContext clientTrust() {
        return clientTrust;
    }

    public String acceptedToken() {
        return acceptedToken;
    }

    /** Signatures made so far (successful {@code sign} operations). */
    public long signatures() {
        return signatures.get();
    }

    /** 401 challenges sent so far: requests that came without a bearer token. */
    public long challenges() {
        return challenges.get();
    }

    /** Requests refused with 403 for a token this vault does not accept. */
    public long refusedTokens() {
        return refusedTokens.get();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Answer answer = answer(exchange);
            byte[] body = JSON.writeValueAsBytes(answer.body());
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.getResponseHeaders()
                    .set("x-ms-request-id", UUID.randomUUID().toString());
            if (answer.status() == 401) {
                exchange.getResponseHeaders()
                        .set(
                                "WWW-Authenticate",
                                "Bearer authorization=\"" + AUTHORITY + "\", resource=\"" + RESOURCE + "\"");
            }
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
        } catch (RuntimeException e) {
            // the answer is already lost; what the client sees is a reset connection, as with a crashed server
            throw new IOException("key vault double failed on " + exchange.getRequestURI(), e);
        }
    }

    private record Answer(int status, Object body) {

        static Answer error(int status, String code, String message) {
            return new Answer(status, Map.of("error", Map.of("code", code, "message", message)));
        }
    }

    private Answer answer(HttpExchange exchange) throws IOException {
        byte[] request = exchange.getRequestBody().readAllBytes();
        @Nullable String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            challenges.incrementAndGet();
            return Answer.error(401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");
        }
        if (!authorization.substring("Bearer ".length()).equals(acceptedToken)) {
            refusedTokens.incrementAndGet();
            return Answer.error(
                    403, "Forbidden", "The user, group or application does not have keys permissions on this vault.");
        }
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null || !query.contains("api-version=")) {
            return Answer.error(
                    400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required.");
        }
        String method = exchange.getRequestMethod();
        List<String> path = List.of(
                exchange.getRequestURI().getPath().replaceAll("^/+|/+$", "").split("/", -1));
        if (path.size() < 2 || !path.getFirst().equals("keys") || path.get(1).isEmpty()) {
            return Answer.error(400, "BadParameter", "This double serves /keys/{name}... only.");
        }
        String name = path.get(1);
        Map<String, Object> body = request.length == 0 ? Map.of() : json(request);
        String route = method + " "
                + switch (path.size()) {
                    case 2 -> "/keys/{name}";
                    case 3 -> path.get(2).equals("create") ? "/keys/{name}/create" : "/keys/{name}/{version}";
                    case 4 -> path.get(3).equals("sign") ? "/keys/{name}/{version}/sign" : "?";
                    default -> "?";
                };
        return switch (route) {
            case "GET /keys/{name}" -> found(name, "");
            case "PUT /keys/{name}" -> imported(name, body);
            case "POST /keys/{name}/create" -> created(name, body);
            case "GET /keys/{name}/{version}" -> found(name, path.get(2));
            case "POST /keys/{name}/{version}/sign" -> signed(name, path.get(2), body);
            default ->
                Answer.error(
                        405,
                        "BadParameter",
                        method + " " + exchange.getRequestURI().getPath());
        };
    }

    private @Nullable VaultKey lookUp(String name, String version) {
        List<VaultKey> versions = keys.get(name);
        if (versions == null || versions.isEmpty()) {
            return null;
        }
        if (version.isEmpty()) {
            return versions.getLast();
        }
        return versions.stream()
                .filter(k -> k.version().equals(version))
                .findFirst()
                .orElse(null);
    }

    private Answer found(String name, String version) {
        VaultKey key = lookUp(name, version);
        return key == null ? notFound(name) : new Answer(200, key.bundle());
    }

    private static Answer notFound(String name) {
        return Answer.error(404, "KeyNotFound", "A key with (name/id) " + name + " was not found in this key vault.");
    }

    private Answer created(String name, Map<String, Object> body) {
        try {
            KeyPairGenerator generator;
            switch (String.valueOf(body.get("kty"))) {
                case "EC", "EC-HSM" -> {
                    String curve = String.valueOf(body.getOrDefault("crv", "P-256"));
                    generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec(curve.equals("P-384") ? "secp384r1" : "secp256r1"));
                }
                case "RSA", "RSA-HSM" -> {
                    generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(((Number) body.getOrDefault("key_size", 2048)).intValue());
                }
                default -> {
                    return Answer.error(400, "BadParameter", "kty must be EC or RSA");
                }
            }
            return new Answer(200, store(name, generator.generateKeyPair()).bundle());
        } catch (GeneralSecurityException e) {
            return Answer.error(400, "BadParameter", String.valueOf(e.getMessage()));
        }
    }

    private Answer imported(String name, Map<String, Object> body) {
        if (!(body.get("key") instanceof Map<?, ?> jwk) || !"P-256".equals(jwk.get("crv")) || jwk.get("d") == null) {
            return Answer.error(400, "BadParameter", "this double imports EC P-256 keys with their private part only");
        }
        try {
            var parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec p256 = parameters.getParameterSpec(ECParameterSpec.class);
            var factory = KeyFactory.getInstance("EC");
            var point = new ECPoint(number(jwk.get("x")), number(jwk.get("y")));
            var pair = new KeyPair(
                    factory.generatePublic(new ECPublicKeySpec(point, p256)),
                    factory.generatePrivate(new ECPrivateKeySpec(number(jwk.get("d")), p256)));
            return new Answer(200, store(name, pair).bundle());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Answer.error(400, "BadParameter", "not a valid EC P-256 JWK: " + e.getMessage());
        }
    }

    private Answer signed(String name, String version, Map<String, Object> body) {
        VaultKey key = lookUp(name, version);
        if (key == null) {
            return notFound(name);
        }
        if (!"ES256".equals(body.get("alg")) || !key.isEcP256()) {
            return Answer.error(400, "BadParameter", "this double signs with ES256 on EC P-256 keys only");
        }
        byte[] digest = Base64.getUrlDecoder().decode(String.valueOf(body.get("value")));
        if (digest.length != 32) {
            return Answer.error(400, "BadParameter", "ES256 signs a SHA-256 digest: 32 bytes");
        }
        try {
            // the digest is signed as it is (the client hashed the message), in P1363 form as Key Vault returns it
            Signature ecdsa = Signature.getInstance("NONEwithECDSAinP1363Format");
            ecdsa.initSign(key.pair().getPrivate());
            ecdsa.update(digest);
            byte[] signature = ecdsa.sign();
            signatures.incrementAndGet();
            return new Answer(200, Map.of("kid", key.kid(), "value", VaultKey.base64Url(signature)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private VaultKey store(String name, KeyPair pair) {
        String version = UUID.randomUUID().toString().replace("-", "");
        var key = new VaultKey(vaultUrl() + "/keys/" + name + "/" + version, name, version, pair);
        keys.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(key);
        return key;
    }

    private static BigInteger number(@Nullable Object base64Url) {
        if (base64Url == null) {
            throw new IllegalArgumentException("a coordinate is missing");
        }
        return new BigInteger(1, Base64.getUrlDecoder().decode(base64Url.toString()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(byte[] body) {
        return JSON.readValue(new String(body, StandardCharsets.UTF_8), Map.class);
    }
}
