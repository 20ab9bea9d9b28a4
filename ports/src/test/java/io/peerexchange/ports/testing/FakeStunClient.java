package io.peerexchange.ports.testing;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scripted STUN client. Each server has an address (its IP decides NAT classification) and a
 * queue of answers; the last answer repeats. A server with no script is silent: it fails after the
 * timeout without sleeping.
 */
public final class FakeStunClient implements StunClient {

    private record Script(Endpoint address, Deque<Object> answers) {}

    private final Map<StunServer, Script> scripts = new HashMap<>();
    private final List<StunServer> calls = new ArrayList<>();

    /** The server at {@code serverAddress} answers with these mappings (or StunExceptions), in turn. */
    public synchronized FakeStunClient server(String server, String serverAddress, Object... answers) {
        Deque<Object> queue = new ArrayDeque<>();
        for (Object answer : answers) {
            queue.add(answer instanceof String s ? Endpoint.parse(s) : answer);
        }
        scripts.put(StunServer.parse(server), new Script(Endpoint.parse(serverAddress), queue));
        return this;
    }

    /** Replaces what a server answers from now on. */
    public synchronized FakeStunClient answer(String server, Object... answers) {
        Script old = scripts.get(StunServer.parse(server));
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
        Script script = scripts.get(server);
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
