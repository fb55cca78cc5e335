package dev.ota.contracts.events;

import dev.ota.contracts.Topics;

/** Events of the image repository, keyed by image name. */
public sealed interface ImageEvent extends OtaEvent permits ImageSigned, ImageRevoked {

    @Override
    default String topic() {
        return Topics.IMAGE_EVENTS;
    }
}
