package io.peerexchange.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.bootstrap.config.CommandName;
import io.peerexchange.bootstrap.config.ConfigKey;
import io.peerexchange.bootstrap.config.Flag;
import io.peerexchange.bootstrap.config.Version;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line in-process: help, version, usage and configuration errors (nothing here starts the agent). */
class CliTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.execute(args, new CliContext(env, new PrintWriter(out), new PrintWriter(err), false));
    }

    private String[] runArgs(String... extra) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "tok-cli-test");
        List<String> args = new ArrayList<>(List.of(
                "run",
                "--node-id",
                "n1",
                "--control-plane-url",
                "https://cp.example.com",
                "--token-file",
                token.toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "run", "discover", "version"})
    void givenHelp_anyCommand_printsUsageAndExitsZero(String command) {
        String[] args = command.isEmpty() ? new String[] {"--help"} : new String[] {command, "--help"};

        assertThat(run(args)).isZero();
        assertThat(out.toString()).startsWith("Usage: peerexchange" + (command.isEmpty() ? "" : " " + command));
        assertThat(err.toString()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "run", "discover", "version"})
    void givenVersionFlag_anyCommand_printsTheVersionAndExitsZero(String command) {
        String[] args = command.isEmpty() ? new String[] {"--version"} : new String[] {command, "--version"};

        assertThat(run(args)).isZero();
        assertThat(out.toString()).startsWith("peerexchange " + Version.value());
    }

    @Test
    void givenVersionCommand_run_printsTheVersion() {
        assertThat(run("version")).isZero();
        assertThat(out.toString())
                .isEqualTo("peerexchange " + Version.value() + " (Java "
                        + Runtime.version().feature() + ")" + System.lineSeparator());
    }

    @Test
    void givenRunHelp_listsEveryPublicFlag() {
        run("run", "--help");

        assertThat(out.toString())
                .contains(
                        "--config",
                        "--node-id",
                        "--control-plane-url",
                        "--token-file",
                        "--allow-http",
                        "--ca-file",
                        "--insecure-tls",
                        "--interface",
                        "--listen-port",
                        "--wg-backend",
                        "--stun-server",
                        "--nat-enabled",
                        "--refresh-interval",
                        "--heartbeat-interval",
                        "--timeout",
                        "--signing-key",
                        "--log-format",
                        "--log-level");
    }

    @ParameterizedTest
    @EnumSource(CommandName.class)
    void givenHelp_aCommand_listsExactlyItsKeysFlagsWithTheirHelpLines(CommandName command) {
        run(command.label(), "--help");

        String help = out.toString().replaceAll("\\s", "");
        for (ConfigKey key : ConfigKey.values()) {
            for (CommandName other : CommandName.values()) {
                Optional<Flag> flag = key.definition().flag(other);
                if (flag.isEmpty()) {
                    continue;
                }
                String option = Pattern.quote(flag.get().name()) + "\\[?=";
                if (key.definition().flag(command).equals(flag)) {
                    assertThat(help)
                            .as(key + " on " + command)
                            .containsPattern(option)
                            .contains(
                                    key.definition().help(command).orElseThrow().replaceAll("\\s", ""));
                } else {
                    assertThat(help).as(key + " on " + command).doesNotContainPattern(option);
                }
            }
        }
    }

    @Test
    void givenNoCommand_exitsTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("peerexchange: missing command: run, discover, status, config or version");
    }

    @Test
    void givenAnUnknownOption_exitsTwoNamingIt() {
        assertThat(run("run", "--bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("--bogus").contains("Try 'peerexchange run --help'");
    }

    @Test
    void givenAnOptionWithoutItsValue_exitsTwoNamingIt() {
        assertThat(run("discover", "--port")).isEqualTo(2);
        assertThat(err.toString()).contains("--port");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "--listen-port=70000",
                "--wg-backend=kernel",
                "--refresh-interval=5s",
                "--heartbeat-interval=0s",
                "--nat-enabled=perhaps",
                "--log-level=loud",
                "--log-format=xml",
                "--interface=a/b",
                "--stun-server=nohostport",
                "--timeout=fast",
                "--allow-http=sure"
            })
    void givenABadFlagValue_run_exitsTwoWithOneLineNamingTheFlag(String flag) throws Exception {
        int code = run(runArgs(flag));

        assertThat(code).isEqualTo(2);
        String name = flag.substring(0, flag.indexOf('='));
        assertThat(err.toString().lines())
                .singleElement()
                .asString()
                .startsWith("peerexchange: invalid " + name + ": ");
        assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void givenABadEnvironmentValue_run_exitsTwoNamingTheVariable() throws Exception {
        env.put("PEEREXCHANGE_HEARTBEAT_INTERVAL", "often");

        assertThat(run(runArgs())).isEqualTo(2);
        assertThat(err.toString()).startsWith("peerexchange: invalid PEEREXCHANGE_HEARTBEAT_INTERVAL: ");
    }

    @Test
    void givenAnUnknownKeyInTheConfigFile_run_exitsTwoNamingIt() throws Exception {
        Path config = Files.writeString(dir.resolve("c.yaml"), "listen_prot: 51820\n");

        assertThat(run(runArgs("--config", config.toString()))).isEqualTo(2);
        assertThat(err.toString()).startsWith("peerexchange: unknown key \"listen_prot\" in config file");
    }

    @Test
    void givenAMissingTokenFile_run_exitsTwo() {
        int code = run(
                "run",
                "--node-id",
                "n1",
                "--control-plane-url",
                "https://cp.example.com",
                "--token-file",
                dir.resolve("absent").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("peerexchange: invalid --token-file: token file ")
                .contains("does not exist");
    }

    @Test
    void givenNoNodeId_run_exitsTwoNamingTheKey() {
        env.put("PEEREXCHANGE_TOKEN", "tok");

        assertThat(run("run", "--control-plane-url", "https://cp.example.com")).isEqualTo(2);
        assertThat(err.toString()).startsWith("peerexchange: missing node_id:");
    }

    @Test
    void givenPlainHttpWithoutAllowHttp_run_exitsTwoSayingSo() throws Exception {
        int code = run(
                "run",
                "--node-id",
                "n1",
                "--control-plane-url",
                "http://cp.example.com",
                "--token-file",
                Files.writeString(dir.resolve("t"), "tok").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("peerexchange: invalid configuration: control-plane-url uses plain http");
    }

    @Test
    void givenABadSigningKey_run_exitsTwoNamingTheFlagWithoutEchoingIt() throws Exception {
        assertThat(run(runArgs("--signing-key", "bm90LWEta2V5"))).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("peerexchange: invalid configuration: invalid --signing-key: ")
                .doesNotContain("bm90LWEta2V5");
    }

    @Test
    void givenAMissingCaFile_run_exitsTwoNamingIt() throws Exception {
        assertThat(run(runArgs("--ca-file", dir.resolve("ca.pem").toString()))).isEqualTo(2);
        assertThat(err.toString()).startsWith("peerexchange: invalid configuration: ca-file");
    }

    @Test
    void givenABadPort_discover_exitsTwoNamingPort() {
        assertThat(run("discover", "--port", "99999")).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("peerexchange: invalid --port: expected a port number 0-65535" + System.lineSeparator());
    }

    @Test
    void givenAZeroTimeout_discover_exitsTwoNamingTimeout() {
        assertThat(run("discover", "--timeout", "0s")).isEqualTo(2);
        assertThat(err.toString()).startsWith("peerexchange: invalid --timeout: must be positive");
    }
}
