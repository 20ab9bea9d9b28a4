package io.peerexchange.benchmarks.agent;

import java.nio.file.Path;

/**
 * The command line every agent harness takes: {@code AGENT_JAR LAUNCHER STUN_PORT}, then its own
 * counts (each with a default), then the command the report shows for the row (by default the
 * harness's own invocation). The jar is made absolute: the agents run from other directories.
 */
record AgentHarnessArguments(Path jar, Path launcher, int stunPort, int[] counts, String command) {

    static AgentHarnessArguments parse(String[] args, Class<?> harness, int... defaults) {
        Path jar = Path.of(args[0]).toAbsolutePath();
        Path launcher = Path.of(args[1]);
        int stunPort = Integer.parseInt(args[2]);
        int[] counts = defaults.clone();
        for (int i = 0; i < counts.length && 3 + i < args.length; i++) {
            counts[i] = Integer.parseInt(args[3 + i]);
        }
        String command = args.length > 3 + counts.length
                ? args[3 + counts.length]
                : "java -cp benchmarks/target/benchmarks.jar " + harness.getName() + " " + String.join(" ", args);
        return new AgentHarnessArguments(jar, launcher, stunPort, counts, command);
    }

    int count(int index) {
        return counts[index];
    }
}
