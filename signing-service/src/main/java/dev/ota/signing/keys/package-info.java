/** Online signing keys behind the library's Signer interface: encrypted key files and PKCS#11 tokens. */
@NullMarked
package dev.ota.signing.keys;

import org.jspecify.annotations.NullMarked;
