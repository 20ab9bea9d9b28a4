package io.peerexchange.adapters.controlplane.http;

import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.impl.io.SocketHolder;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.apache.hc.core5.util.Timeout;

/**
 * A pooled connection without HttpClient's wire and header logs. Those logs (at debug) dump every
 * byte, so they would print the bearer token and the PSKs of node-state answers; a debug switch
 * must never do that, so this adapter's connections do not have them.
 */
final class QuietConnection extends DefaultBHttpClientConnection implements ManagedHttpClientConnection {
    /** The timeout in force while leased; a pooled (passive) connection waits without one. */
    private volatile Timeout activeTimeout;

    QuietConnection() {
        super(Http1Config.DEFAULT);
    }

    static final HttpConnectionFactory<ManagedHttpClientConnection> FACTORY = new HttpConnectionFactory<>() {
        @Override
        public ManagedHttpClientConnection createConnection(Socket socket) throws IOException {
            QuietConnection connection = new QuietConnection();
            if (socket != null) {
                connection.bind(socket);
            }
            return connection;
        }

        @Override
        public ManagedHttpClientConnection createConnection(SSLSocket sslSocket, Socket socket) throws IOException {
            QuietConnection connection = new QuietConnection();
            if (socket != null) {
                connection.bind(sslSocket, socket);
            }
            return connection;
        }
    };

    @Override
    public void bind(Socket socket) throws IOException {
        super.bind(socket);
        activeTimeout = Timeout.ofMilliseconds(socket.getSoTimeout());
    }

    @Override
    public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
        super.bind(sslSocket, socket);
        activeTimeout = Timeout.ofMilliseconds(sslSocket.getSoTimeout());
    }

    @Override
    public Socket getSocket() {
        SocketHolder holder = getSocketHolder();
        return holder == null ? null : holder.getSocket();
    }

    @Override
    public void setSocketTimeout(Timeout timeout) {
        activeTimeout = timeout;
        super.setSocketTimeout(timeout);
    }

    @Override
    public void passivate() {
        super.setSocketTimeout(Timeout.ZERO_MILLISECONDS);
    }

    @Override
    public void activate() {
        super.setSocketTimeout(activeTimeout);
    }
}
