package io.peerexchange.adapters.controlplane.http;

import java.io.IOException;
import java.net.Socket;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * TLS with the JVM's trust store, set up at the first TLS connection instead of when the client is
 * built. Loading the trust store and the TLS provider costs a cold JVM about a tenth of a second:
 * deferred, it runs on the first request's thread beside the agent's other start-up work, and an
 * {@code http://} control plane never pays it.
 */
final class DeferredTlsStrategy implements TlsSocketStrategy {
    private volatile TlsSocketStrategy delegate;

    @Override
    public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
            throws IOException {
        return delegate().upgrade(socket, target, port, attachment, context);
    }

    private TlsSocketStrategy delegate() throws IOException {
        TlsSocketStrategy strategy = delegate;
        if (strategy == null) {
            synchronized (this) {
                strategy = delegate;
                if (strategy == null) {
                    try {
                        strategy = new DefaultClientTlsStrategy(SSLContext.getDefault());
                    } catch (NoSuchAlgorithmException e) {
                        throw new IOException("cannot set up TLS: " + e.getMessage(), e);
                    }
                    delegate = strategy;
                }
            }
        }
        return strategy;
    }
}
