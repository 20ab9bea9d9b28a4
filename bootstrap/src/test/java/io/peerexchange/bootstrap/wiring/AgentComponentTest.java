package io.peerexchange.bootstrap.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.adapters.controlplane.BearerToken;
import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.bootstrap.config.ConfigKey;
import io.peerexchange.bootstrap.config.ConfigResolver;
import io.peerexchange.bootstrap.config.RawValue;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

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
