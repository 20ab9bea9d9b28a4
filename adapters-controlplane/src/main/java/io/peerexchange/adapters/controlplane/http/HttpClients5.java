package io.peerexchange.adapters.controlplane.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Builds the HttpClient 5 clients of this adapter, one way for all: TLS per the settings, no
 * automatic retries (the agent's loops own retrying), no redirects (the token must not follow
 * one), no cookies, and a pool of its own per client so the event stream never starves the calls.
 */
public final class HttpClients5 {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private HttpClients5() {}

    /** A client and its pool (kept to measure leases). */
    public record Client(CloseableHttpClient http, PoolingHttpClientConnectionManager pool) {}

    public static Client build(
            ControlPlaneSettings settings,
            int maxConnections,
            Duration connectTimeout,
            Duration socketTimeout,
            boolean decompress) {
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(tlsStrategy(settings))
                .setConnectionFactory(QuietConnection.FACTORY)
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setSocketTimeout(Timeout.of(socketTimeout))
                        // Without retries a stale pooled connection would fail a call: check idle ones.
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build())
                .build();
        HttpClientBuilder builder = HttpClientBuilder.create()
                .setConnectionManager(pool)
                .setUserAgent(settings.userAgent())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictExpiredConnections()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(connectTimeout))
                        .setResponseTimeout(Timeout.of(socketTimeout))
                        .build());
        if (!decompress) {
            builder.disableContentCompression();
        }
        return new Client(builder.build(), pool);
    }

    private static TlsSocketStrategy tlsStrategy(ControlPlaneSettings settings) {
        try {
            if (settings.insecureTls()) {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {new TrustEverything()}, null);
                return new DefaultClientTlsStrategy(context, NoopHostnameVerifier.INSTANCE);
            }
            if (settings.caFile().isPresent()) {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, trustManagers(settings.caFile().get()), null);
                return new DefaultClientTlsStrategy(context);
            }
            return new DeferredTlsStrategy();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(Path caFile) throws GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(caFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("ca-file " + caFile + " cannot be read: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("ca-file " + caFile + " is not a PEM or DER certificate file", e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("ca-file " + caFile + " holds no certificate");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    /** The explicit insecure switch: for labs with self-signed certificates only. */
    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // Accepts every chain: the operator switched certificate checks off.
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // Accepts every chain: the operator switched certificate checks off.
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
