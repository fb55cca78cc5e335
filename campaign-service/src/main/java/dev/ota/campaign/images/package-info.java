/** Catalogue of the signed images the image repository lists, fed by ImageSigned and ImageRevoked. */
@NullMarked
package dev.ota.campaign.images;

import org.jspecify.annotations.NullMarked;
