package io.peerexchange.benchmarks.stun;

import io.peerexchange.adapters.stun.AutoStunClient;
import io.peerexchange.adapters.stun.StunSettings;
import io.peerexchange.ports.BindingMethod;
import io.peerexchange.ports.MappedAddress;
import io.peerexchange.ports.StunServer;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One whole discovery through {@link AutoStunClient} against coturn on 127.0.0.1 (started by
 * run-benchmarks.sh on {@code -Dpxb.stun.port}, default 34840): socket set-up, request, answer,
 * decode, close. {@code BOUND} binds a free port; {@code SHARED_PORT} asks from a port a plain
 * socket holds, through raw sockets (needs root). Sampled, so the median and p99 are JMH's own.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class LoopbackDiscoveryBenchmark {
    @Param({"BOUND", "SHARED_PORT"})
    public String method;

    private DatagramSocket holder;
    private StunServer server;
    private int localPort;
    private final AutoStunClient client = new AutoStunClient(StunSettings.defaults());

    @Setup(Level.Trial)
    public void start() throws Exception {
        server = new StunServer("127.0.0.1", Integer.getInteger("pxb.stun.port", 34840));
        if (BindingMethod.valueOf(method) == BindingMethod.SHARED_PORT) {
            holder = new DatagramSocket(new InetSocketAddress(0));
            localPort = holder.getLocalPort();
        }
        MappedAddress probe = client.bind(server, localPort, Duration.ofSeconds(2));
        if (probe.method() != BindingMethod.valueOf(method)) {
            throw new IllegalStateException("expected " + method + " but the client used " + probe.method());
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (holder != null) {
            holder.close();
        }
    }

    @Benchmark
    public MappedAddress discover() throws Exception {
        return client.bind(server, localPort, Duration.ofSeconds(2));
    }
}
