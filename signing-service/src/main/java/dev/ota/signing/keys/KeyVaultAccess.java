package dev.ota.signing.keys;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.util.HttpClientOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import java.time.Duration;

/**
 * How the service reaches Azure Key Vault: the credential that gets its bearer tokens and the HTTP stack.
 *
 * <p>Without a bean of this type, {@link #standard(Duration)} is used: {@code DefaultAzureCredential} (environment
 * variables of a service principal, workload identity, managed identity, in that order) and the SDK's transport on
 * the JDK's HTTP client. Tests declare a bean with a fixed-token credential and a client that trusts their vault
 * double's certificate.
 */
public record KeyVaultAccess(TokenCredential credential, HttpClient httpClient) {

    /** The production access: credentials from the environment, the JDK HTTP client with {@code timeout}. */
    public static KeyVaultAccess standard(Duration timeout) {
        var options = new HttpClientOptions()
                .setConnectTimeout(timeout)
                .setResponseTimeout(timeout)
                .setReadTimeout(timeout);
        return new KeyVaultAccess(new DefaultAzureCredentialBuilder().build(), HttpClient.createDefault(options));
    }
}
