package io.peerexchange.ports.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.ports.MappedAddress;
import io.peerexchange.ports.StunClient;
import io.peerexchange.ports.StunException;
import io.peerexchange.ports.StunServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What every {@link StunClient} must do; extend it once per implementation. */
public abstract class StunClientContract {

    protected abstract StunClient client();

    /** A server that answers Binding requests. */
    protected abstract StunServer answeringServer();

    /** A server address where nothing answers. */
    protected abstract StunServer silentServer();

    /** A local port the client may use for the request (0: any). */
    protected int localPort() {
        return 0;
    }

    @Test
    void givenAnsweringServer_bind_returnsTheMappingAndWhoAnswered() throws Exception {
        MappedAddress mapped = client().bind(answeringServer(), localPort(), Duration.ofSeconds(10));

        assertThat(mapped.server()).isEqualTo(answeringServer());
        assertThat(mapped.endpoint().port()).isBetween(1, 65535);
        assertThat(mapped.method()).isNotNull();
    }

    @Test
    void givenSilentServer_bind_failsWithinTheTimeout() {
        Duration timeout = Duration.ofMillis(1200);
        long start = System.nanoTime();

        assertThatThrownBy(() -> client().bind(silentServer(), localPort(), timeout))
                .isInstanceOf(StunException.class)
                .hasMessageContaining(silentServer().toString());

        // The timeout covers the whole call. Allow a stall of 3 s past it (a loaded 2-core machine starting the
        // silent server inside the window); a client that ignored it would run through the RFC 8489
        // retransmission schedule (39.5 s).
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(3));
    }

    @Test
    void givenInterruptedThread_bind_returnsPromptlyWithInterruptedException() {
        Thread.currentThread().interrupt();
        long start = System.nanoTime();
        try {
            assertThatThrownBy(() -> client().bind(silentServer(), localPort(), Duration.ofSeconds(10)))
                    .isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
}
