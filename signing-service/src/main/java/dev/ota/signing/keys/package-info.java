/** Online signing keys behind the library's Signer interface: encrypted key files, PKCS#11 tokens, Azure Key Vault. */
@NullMarked
package dev.ota.signing.keys;

import org.jspecify.annotations.NullMarked;
