package dev.ota.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Every service documents its API with OpenAPI, secured by bearer JWTs. The server is the relative {@code /}: the
 * document is the same wherever the service runs (springdoc would otherwise put the URL it was asked on in it), so
 * that it can be committed and compared ({@code docs/api/}).
 */
@AutoConfiguration
public class OpenApiConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OpenAPI otaOpenApi(Environment environment) {
        String name = environment.getProperty("spring.application.name", "ota-service");
        return new OpenAPI()
                .info(new Info().title(name + " API").version("v1"))
                .servers(List.of(new Server().url("/").description("the service this document was fetched from")))
                .components(new Components()
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
