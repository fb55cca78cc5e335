/** The client side: TUF client workflow and Uptane full and partial verification, naming each attack it stops. */
@NullMarked
package dev.ota.uptane.client;

import org.jspecify.annotations.NullMarked;
