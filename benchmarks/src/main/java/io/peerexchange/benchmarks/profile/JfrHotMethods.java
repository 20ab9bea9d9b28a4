package io.peerexchange.benchmarks.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The same summary as {@code jfr print --events jdk.ExecutionSample}, counted: from a JFR
 * recording, the methods most often on top of the stack (self time) and the methods of ours most
 * often anywhere on it (total time), as Markdown for BENCHMARKS.md.
 * Arguments: {@code RECORDING.jfr OUTPUT.md [THREAD_NAME_PREFIX]}.
 */
public final class JfrHotMethods {
    private static final int TOP = 8;

    private JfrHotMethods() {}

    public static void main(String[] args) throws IOException {
        Path recording = Path.of(args[0]);
        String threadPrefix = args.length > 2 ? args[2] : "";
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        int samples = 0;
        int collections = 0;
        double pauseTotalMs = 0;
        double pauseMaxMs = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (event.getEventType().getName().equals("jdk.GarbageCollection")) {
                double pause = event.getDuration("sumOfPauses").toNanos() / 1e6;
                collections++;
                pauseTotalMs += pause;
                pauseMaxMs = Math.max(pauseMaxMs, pause);
                continue;
            }
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            if (!threadPrefix.isEmpty()) {
                var thread = event.getThread("sampledThread");
                if (thread == null
                        || thread.getJavaName() == null
                        || !thread.getJavaName().startsWith(threadPrefix)) {
                    continue;
                }
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> counted = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String name = name(frame);
                if (name.startsWith("io.peerexchange.adapters")
                        || name.startsWith("io.peerexchange.domain")
                        || name.startsWith("io.peerexchange.bootstrap")) {
                    if (counted.add(name)) {
                        total.merge(name, 1, Integer::sum);
                    }
                }
            }
        }
        StringBuilder md = new StringBuilder();
        md.append(String.format(
                "JFR `jdk.ExecutionSample`, %d samples%s; `jdk.GarbageCollection`: %d collections,"
                        + " pauses %.1f ms in total, longest %.1f ms.%n%n",
                samples,
                threadPrefix.isEmpty() ? "" : " on threads `" + threadPrefix + "*`",
                collections,
                pauseTotalMs,
                pauseMaxMs));
        md.append("| self (top of stack) | share |\n|---|---|\n");
        append(md, self, samples);
        md.append("\n| ours, anywhere on the stack (total) | share |\n|---|---|\n");
        append(md, total, samples);
        Files.writeString(Path.of(args[1]), md.toString());
    }

    private static void append(StringBuilder md, Map<String, Integer> counts, int samples) {
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(TOP)
                .forEach(e -> md.append(String.format(
                        "| `%s` | %.0f %% |%n", e.getKey(), 100.0 * e.getValue() / Math.max(1, samples))));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
