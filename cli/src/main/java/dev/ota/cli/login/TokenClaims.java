package dev.ota.cli.login;

import dev.ota.cli.OutputOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What an access token says about its holder, read (not verified: the services verify it) to tell the user who they
 * are logged in as: the subject, the platform roles and the services the token is for.
 */
record TokenClaims(String subject, List<String> roles, List<String> audiences) {

    static TokenClaims of(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return new TokenClaims("?", List.of(), List.of());
        }
        JsonNode claims;
        try {
            claims = OutputOption.mapper()
                    .readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (RuntimeException notAJwt) {
            return new TokenClaims("?", List.of(), List.of());
        }
        return new TokenClaims(
                claims.path("sub").asString("?"), strings(claims.path("roles")), strings(claims.path("aud")));
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(value -> values.add(value.asString()));
        } else if (node.isString()) {
            values.add(node.asString());
        }
        return values;
    }
}
