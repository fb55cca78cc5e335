package dev.ota.platform.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Inbox pruning for every service that has a database (a data source bean, not only its URL: the gateway sets one in
 * tests and has no database).
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(InboxRetention.class)
public class InboxConfiguration {

    @Bean
    InboxPruner inboxPruner(DataSource dataSource, InboxRetention retention, MeterRegistry meters) {
        return new InboxPruner(new Inbox(JdbcClient.create(dataSource)), retention, Clock.systemUTC(), meters);
    }
}
