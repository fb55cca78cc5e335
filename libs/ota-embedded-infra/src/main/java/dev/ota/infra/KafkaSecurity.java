package dev.ota.infra;

import dev.ota.contracts.KafkaAccess;
import dev.ota.pki.KafkaIdentities;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * How an embedded broker is secured: mutual TLS on every listener, the certificate's common name as the principal, and
 * Kafka's standard (KRaft) authorizer with no access unless an ACL grants it. The ACLs are {@link KafkaAccess}'s grants,
 * applied so that the broker holds exactly those (a persistent log directory may hold ACLs of an older table).
 *
 * @param brokerKeyStore the broker's PKCS#12 key store (its certificate serves and authenticates as a client)
 * @param trustStore the CA whose client certificates the broker accepts
 * @param password of both stores
 * @param superUsers principals with every right: the broker itself, and the embedding process's admin identity
 * @param adminClientProperties client settings of a super user, for creating topics and ACLs
 * @param grants what each service principal may do
 */
public record KafkaSecurity(
        Path brokerKeyStore,
        Path trustStore,
        String password,
        Set<String> superUsers,
        Map<String, String> adminClientProperties,
        List<KafkaAccess.Grant> grants) {

    /**
     * Issues a Kafka identity for every principal of {@link KafkaAccess} and for {@code operator}, into {@code
     * directory}.
     */
    public static KafkaIdentities issueIdentities(Path directory, String operator) {
        List<String> principals = new ArrayList<>(
                KafkaAccess.GRANTS.stream().map(KafkaAccess.Grant::principal).toList());
        principals.add(operator);
        return KafkaIdentities.issue(directory, principals);
    }

    /**
     * The broker's security with these identities: the broker and {@code operator} are super users (the operator's
     * identity creates the topics and ACLs), every other principal gets the grants of {@link KafkaAccess}.
     */
    public static KafkaSecurity of(KafkaIdentities identities, String operator) {
        return new KafkaSecurity(
                identities.keyStoreOf(KafkaIdentities.BROKER),
                identities.trustStore(),
                identities.password(),
                Set.of(KafkaIdentities.BROKER, operator),
                identities.clientProperties(operator),
                KafkaAccess.GRANTS);
    }

    /** Common name -> principal name: {@code CN=campaign-service} is {@code User:campaign-service}. */
    static final String PRINCIPAL_MAPPING = "RULE:^CN=([^,]+)$/$1/,DEFAULT";

    public KafkaSecurity {
        superUsers = Set.copyOf(superUsers);
        adminClientProperties = Map.copyOf(adminClientProperties);
        grants = List.copyOf(grants);
    }

    Map<String, String> brokerProperties(int port, int controllerPort) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("listeners", "SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        properties.put("advertised.listeners", "SSL://127.0.0.1:" + port);
        properties.put("inter.broker.listener.name", "SSL");
        properties.put("listener.security.protocol.map", "SSL:SSL,CONTROLLER:SSL");
        properties.put("ssl.keystore.type", "PKCS12");
        properties.put("ssl.keystore.location", brokerKeyStore.toString());
        properties.put("ssl.keystore.password", password);
        properties.put("ssl.key.password", password);
        properties.put("ssl.truststore.type", "PKCS12");
        properties.put("ssl.truststore.location", trustStore.toString());
        properties.put("ssl.truststore.password", password);
        properties.put("ssl.client.auth", "required");
        properties.put("ssl.principal.mapping.rules", PRINCIPAL_MAPPING);
        properties.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        properties.put("allow.everyone.if.no.acl.found", "false");
        properties.put(
                "super.users",
                String.join(";", superUsers.stream().map(u -> "User:" + u).toList()));
        return properties;
    }

    /** Makes the broker's ACLs exactly the grants' bindings. */
    void applyGrants(Admin admin) {
        Set<AclBinding> wanted = new HashSet<>(bindings(grants));
        try {
            Collection<AclBinding> present =
                    admin.describeAcls(AclBindingFilter.ANY).values().get(60, TimeUnit.SECONDS);
            List<AclBindingFilter> stale = present.stream()
                    .filter(binding -> !wanted.contains(binding))
                    .map(AclBinding::toFilter)
                    .toList();
            if (!stale.isEmpty()) {
                admin.deleteAcls(stale).all().get(60, TimeUnit.SECONDS);
            }
            List<AclBinding> missing =
                    wanted.stream().filter(b -> !present.contains(b)).toList();
            if (!missing.isEmpty()) {
                admin.createAcls(missing).all().get(60, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while applying the Kafka ACLs", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not apply the Kafka ACLs", e);
        }
    }

    /**
     * The ACL bindings of the grants: WRITE on each topic a principal writes (its dead-letter topics included), READ on
     * each topic it reads, on their dead-letter topics (to list and replay its dead letters) and on each of its consumer
     * groups. READ and WRITE imply DESCRIBE, which is all the binders
     * need besides (topics are created up front, never by a service).
     */
    public static List<AclBinding> bindings(List<KafkaAccess.Grant> grants) {
        List<AclBinding> bindings = new ArrayList<>();
        for (KafkaAccess.Grant grant : grants) {
            String principal = "User:" + grant.principal();
            grant.writesWithDeadLetters()
                    .forEach(topic -> bindings.add(allow(ResourceType.TOPIC, topic, principal, AclOperation.WRITE)));
            grant.reads()
                    .forEach(topic -> bindings.add(allow(ResourceType.TOPIC, topic, principal, AclOperation.READ)));
            grant.deadLettersRead()
                    .forEach(topic -> bindings.add(allow(ResourceType.TOPIC, topic, principal, AclOperation.READ)));
            grant.groups()
                    .forEach(group -> bindings.add(allow(ResourceType.GROUP, group, principal, AclOperation.READ)));
        }
        return bindings;
    }

    private static AclBinding allow(ResourceType type, String name, String principal, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
