package dev.ota.signing.imagerepo;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * An image as the release API answers it: the image's fields, and who signed it into which role with which key, oldest
 * first (the releases view's "who signed what").
 */
record ImageView(@JsonUnwrapped ImageRecord image, List<ImageSignature> signatures) {

    ImageView {
        signatures = List.copyOf(signatures);
    }
}
