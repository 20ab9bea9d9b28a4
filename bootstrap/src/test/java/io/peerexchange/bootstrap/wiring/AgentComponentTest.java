package io.peerexchange.bootstrap.wiring;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.peerexchange.adapters.controlplane.http.BearerToken;
import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.bootstrap.config.ConfigKey;
import io.peerexchange.bootstrap.config.ConfigResolver;
import io.peerexchange.bootstrap.config.RawValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentComponentTest {

    private static AgentConfig config(Map<ConfigKey, String> values) throws Exception {
        Map<ConfigKey, RawValue> flags = new EnumMap<>(ConfigKey.class);
        values.forEach((key, value) -> flags.put(key, RawValue.of(value, key.flag())));
        return new ConfigResolver(Map.of()).resolve(Optional.empty(), flags, false);
    }

    /** A control plane nobody listens on, NAT traversal off: the agent starts, fails its calls, and waits. */
    private static AgentConfig runConfig() throws Exception {
        return config(Map.of(
                        ConfigKey.NODE_ID,
                        "n1",
                        ConfigKey.CONTROL_PLANE_URL,
                        "http://127.0.0.1:1",
                        ConfigKey.ALLOW_HTTP,
                        "true",
                        ConfigKey.NAT_ENABLED,
                        "false",
                        ConfigKey.INTERFACE,
                        "pxbt0",
                        ConfigKey.WG_BACKEND,
                        "uapi"))
                .withToken(new BearerToken("tok"));
    }

    @Test
    void givenNoControlPlaneSettings_discoverer_isBuiltWithoutThem() throws Exception {
        AgentComponent component = AgentComponent.create(config(Map.of(ConfigKey.LISTEN_PORT, "0")));

        assertThat(component.discoverer()).isNotNull().isSameAs(component.discoverer());
    }

    @Test
    void givenARunConfig_agent_isASingleton() throws Exception {
        AgentComponent component = AgentComponent.create(runConfig());

        assertThat(component.agent()).isSameAs(component.agent());
    }

    @Test
    void givenAPlainHttpUrlWithoutAllowHttp_agent_failsNamingTheSetting() throws Exception {
        AgentConfig config = config(Map.of(ConfigKey.NODE_ID, "n1", ConfigKey.CONTROL_PLANE_URL, "http://127.0.0.1:1"))
                .withToken(new BearerToken("tok"));

        assertThatThrownBy(() -> AgentComponent.create(config).agent())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control-plane-url");
    }

    @Test
    void givenAStopBeforeStart_run_returnsTheCodeAndStopsCleanly() throws Exception {
        Agent agent = AgentComponent.create(runConfig()).agent();

        assertThat(agent.requestStop(0)).isZero();
        assertThat(agent.run()).isZero();
        assertThat(agent.awaitStopped(Duration.ZERO)).isTrue();
    }

    @Test
    void givenARunningAgent_requestStop_endsRunWithinTheBudgetAndItsThreads() throws Exception {
        Agent agent = AgentComponent.create(runConfig()).agent();
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(agent::run);
        awaitThread("peerexchange-heartbeat");

        long start = System.nanoTime();
        int first = agent.requestStop(0);
        int second = agent.requestStop(1);

        assertThat(code.get(Agent.STOP_BUDGET.toMillis(), TimeUnit.MILLISECONDS))
                .isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Agent.STOP_BUDGET);
        assertThat(first).isZero();
        assertThat(second).as("the first stop request decides the exit code").isZero();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("peerexchange-") && t.isAlive());
    }

    @Test
    void givenTheEventStreamRefusesTheTokenAndTheFileHoldsNoNewerOne_run_exitsOne(@TempDir Path dir) throws Exception {
        WireMockServer controlPlane = controlPlane();
        try {
            controlPlane.stubFor(get(urlEqualTo(EVENTS)).willReturn(aResponse().withStatus(401)));
            Agent agent = AgentComponent.create(
                            fileTokenConfig(controlPlane, Files.writeString(dir.resolve("token"), "tok")))
                    .agent();

            int code = CompletableFuture.supplyAsync(agent::run).get(10, TimeUnit.SECONDS);

            assertThat(code).isEqualTo(1);
            assertThat(agent.awaitStopped(Duration.ZERO)).isTrue();
        } finally {
            controlPlane.stop();
        }
    }

    @Test
    void givenARotatedTokenFileAndTheOldTokenRefusedOnTheEventStream_agent_reconnectsWithTheNewTokenAndKeepsRunning(
            @TempDir Path dir) throws Exception {
        WireMockServer controlPlane = controlPlane();
        try {
            controlPlane.stubFor(get(urlEqualTo(EVENTS))
                    .withHeader("Authorization", equalTo("Bearer old-tok"))
                    .willReturn(aResponse().withStatus(401)));
            controlPlane.stubFor(get(urlEqualTo(EVENTS))
                    .withHeader("Authorization", equalTo("Bearer new-tok"))
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "text/event-stream")
                            .withBody(": hello\n\n")));
            Path tokenFile = Files.writeString(dir.resolve("token"), "old-tok");
            Agent agent = AgentComponent.create(fileTokenConfig(controlPlane, tokenFile))
                    .agent();
            // Rotated after the agent read it: the 401 on the event stream is what makes it look again.
            Files.writeString(tokenFile, "new-tok");

            CompletableFuture<Integer> code = CompletableFuture.supplyAsync(agent::run);

            await().atMost(10, TimeUnit.SECONDS)
                    .untilAsserted(() -> controlPlane.verify(getRequestedFor(urlEqualTo(EVENTS))
                            .withHeader("Authorization", equalTo("Bearer new-tok"))));
            assertThat(code).isNotDone();
            agent.requestStop(0);
            assertThat(code.get(Agent.STOP_BUDGET.toMillis(), TimeUnit.MILLISECONDS))
                    .isZero();
        } finally {
            controlPlane.stop();
        }
    }

    private static final String EVENTS = "/v1/nodes/n1/events";

    private static WireMockServer controlPlane() {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        server.stubFor(get(urlEqualTo("/v1/nodes/n1/state")).willReturn(okJson("{\"peers\":[]}")));
        return server;
    }

    /** A token file as the only token source, so a 401 makes the agent read it again. */
    private static AgentConfig fileTokenConfig(WireMockServer controlPlane, Path tokenFile) throws Exception {
        AgentConfig config = config(Map.of(
                ConfigKey.NODE_ID,
                "n1",
                ConfigKey.CONTROL_PLANE_URL,
                controlPlane.baseUrl(),
                ConfigKey.ALLOW_HTTP,
                "true",
                ConfigKey.NAT_ENABLED,
                "false",
                ConfigKey.INTERFACE,
                "pxbt0",
                ConfigKey.WG_BACKEND,
                "uapi",
                ConfigKey.TOKEN_FILE,
                tokenFile.toString()));
        return config.withToken(config.tokenSource().orElseThrow().load());
    }

    private static void awaitThread(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals(name))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("thread " + name + " never started");
    }
}
