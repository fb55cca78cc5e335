package dev.ota.campaign.images;

import dev.ota.contracts.events.ImageEvent;
import dev.ota.contracts.events.ImageRevoked;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.platform.messaging.InboundEvents;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** Keeps the catalogue in step with ota.image.events (binding {@code images-in-0}). */
@Configuration(proxyBeanMethods = false)
class ImageConsumers {

    @Bean
    Consumer<Message<byte[]>> images(InboundEvents inbound, ImageCatalogue catalogue) {
        return inbound.idempotent("campaign-images", ImageEvent.class, event -> {
            switch (event) {
                case ImageSigned signed -> catalogue.signed(signed);
                case ImageRevoked revoked -> catalogue.revoked(revoked);
                default -> {}
            }
        });
    }
}
