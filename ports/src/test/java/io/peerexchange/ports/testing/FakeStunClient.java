package io.peerexchange.ports.testing;

import io.peerexchange.ports.AddressFamily;
import io.peerexchange.ports.BindingMethod;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.MappedAddress;
import io.peerexchange.ports.StunClient;
import io.peerexchange.ports.StunException;
import io.peerexchange.ports.StunServer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scripted STUN client. Each server has an address (its IP decides NAT classification) and a
 * queue of answers; the last answer repeats. A server with no script is silent: it fails after the
 * timeout without sleeping. A server scripted with an address of each family is a name with both:
 * a plain binding reaches its IPv4 address (as the real adapter resolves it), a binding of one
 * family that family's; a server without an address of the family asked for fails at once.
 */
public final class FakeStunClient implements StunClient {

    private record Script(Endpoint address, Deque<Object> answers) {}

    private final Map<StunServer, Map<AddressFamily, Script>> scripts = new HashMap<>();
    private final List<StunServer> calls = new ArrayList<>();

    /** The server at {@code serverAddress} answers with these mappings (or StunExceptions), in turn. */
    public synchronized FakeStunClient server(String server, String serverAddress, Object... answers) {
        Deque<Object> queue = new ArrayDeque<>();
        for (Object answer : answers) {
            queue.add(answer instanceof String s ? Endpoint.parse(s) : answer);
        }
        Endpoint address = Endpoint.parse(serverAddress);
        scripts.computeIfAbsent(StunServer.parse(server), s -> new EnumMap<>(AddressFamily.class))
                .put(AddressFamily.of(address.address()), new Script(address, queue));
        return this;
    }

    /** Replaces what a server answers from now on (at the address a plain binding reaches). */
    public synchronized FakeStunClient answer(String server, Object... answers) {
        Script old = resolve(StunServer.parse(server));
        return server(server, old.address().toString(), answers);
    }

    public synchronized List<StunServer> calls() {
        return List.copyOf(calls);
    }

    @Override
    public synchronized MappedAddress bind(StunServer server, int localPort, Duration timeout)
            throws StunException, InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
        }
        calls.add(server);
        return answer(server, resolve(server), localPort, timeout);
    }

    @Override
    public synchronized MappedAddress bind(StunServer server, AddressFamily family, int localPort, Duration timeout)
            throws StunException, InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
        }
        calls.add(server);
        Map<AddressFamily, Script> byFamily = scripts.get(server);
        if (byFamily != null && !byFamily.containsKey(family)) {
            throw new StunException("STUN server " + server + " has no " + family + " address");
        }
        return answer(server, byFamily == null ? null : byFamily.get(family), localPort, timeout);
    }

    private Script resolve(StunServer server) {
        Map<AddressFamily, Script> byFamily = scripts.get(server);
        if (byFamily == null) {
            return null;
        }
        return byFamily.containsKey(AddressFamily.IPV4)
                ? byFamily.get(AddressFamily.IPV4)
                : byFamily.get(AddressFamily.IPV6);
    }

    private static MappedAddress answer(StunServer server, Script script, int localPort, Duration timeout)
            throws StunException {
        if (script == null || script.answers().isEmpty()) {
            throw new StunException("no answer from " + server + " within " + timeout.toMillis() + " ms");
        }
        Object answer = script.answers().size() > 1
                ? script.answers().poll()
                : script.answers().peek();
        if (answer instanceof StunException e) {
            throw new StunException(e.getMessage());
        }
        return new MappedAddress(
                (Endpoint) answer, server, script.address(), BindingMethod.BOUND, localPort == 0 ? 40000 : localPort);
    }
}
