package dev.ota.platform.web;

import org.apache.catalina.Host;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Every error a service answers is an RFC 9457 problem detail ({@code application/problem+json}), also those that
 * never reach a controller. Spring MVC's own errors are problem details through {@code spring.mvc.problemdetails
 * .enabled} (ota-platform-defaults.yml); the container's error page is {@link ProblemErrorController}; what Tomcat
 * answers by itself goes through {@link ProblemReportValve}; refused tokens through
 * {@code dev.ota.platform.security.ProblemSecurity}.
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(Tomcat.class)
public class ProblemDetailsConfiguration {

    /** Named like the class: a service that scans this package finds the same bean, not a second one. */
    @Bean
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    /**
     * Replaces the host's HTML error report valve with {@link ProblemReportValve}. Runs after Spring Boot's own Tomcat
     * customizer, which adds a plain {@link ErrorReportValve} to the host.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValveCustomizer() {
        return new ProblemReportValveCustomizer();
    }

    private static final class ProblemReportValveCustomizer
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof Host host) {
                    Pipeline pipeline = host.getPipeline();
                    for (Valve valve : pipeline.getValves()) {
                        if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
                            pipeline.removeValve(valve);
                        }
                    }
                    pipeline.addValve(new ProblemReportValve());
                    if (host instanceof StandardHost standard) {
                        // the host adds a valve of this class on start unless one is there: ours is
                        standard.setErrorReportValveClass(ProblemReportValve.class.getName());
                    }
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
