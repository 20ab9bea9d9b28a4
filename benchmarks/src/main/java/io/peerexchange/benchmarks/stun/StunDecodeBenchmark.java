package io.peerexchange.benchmarks.stun;

import io.peerexchange.adapters.stun.codec.StunCodec;
import io.peerexchange.adapters.stun.codec.StunDecodeException;
import io.peerexchange.adapters.stun.codec.StunMessage;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Time to decode one Binding success response: the RFC 5769 IPv4 vector and a coturn answer. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class StunDecodeBenchmark {
    /** RFC 5769 §2.2: SOFTWARE, XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY, FINGERPRINT. */
    private final byte[] rfc5769 = HexFormat.of()
            .parseHex("0101003c2112a442b7e7a701bc34d686fa87dfae"
                    + "8022000b7465737420766563746f7220" + "002000080001a147e112a643"
                    + "000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7" + "80280004c07d4c96");
    /** What coturn 4.6 answers: XOR-MAPPED-ADDRESS, MAPPED-ADDRESS, RESPONSE-ORIGIN, SOFTWARE. */
    private final byte[] coturn = HexFormat.of()
            .parseHex("0101003c2112a4429f173cd003f102eb643ff7f3"
                    + "002000080001e9985e12a443" + "000100080001c88a7f000001" + "802b0008000187dc7f000001"
                    + "80220014436f7475726e2d342e362e312027476f72737427");

    @Benchmark
    public StunMessage decodeRfc5769Response() throws StunDecodeException {
        return StunCodec.decode(rfc5769, 0, rfc5769.length);
    }

    @Benchmark
    public StunMessage decodeCoturnResponse() throws StunDecodeException {
        return StunCodec.decode(coturn, 0, coturn.length);
    }
}
