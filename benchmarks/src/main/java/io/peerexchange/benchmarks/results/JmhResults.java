package io.peerexchange.benchmarks.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads JMH's {@code -rf json} output: per benchmark (and parameters) the iteration scores. */
public final class JmhResults {
    private final JsonNode root;

    private JmhResults(JsonNode root) {
        this.root = root;
    }

    public static JmhResults read(Path json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        if (root == null || !root.isArray()) {
            throw new IOException(json + " is not JMH JSON output");
        }
        return new JmhResults(root);
    }

    /** The result whose benchmark name ends with {@code method} and whose params contain {@code params}. */
    public Optional<JsonNode> find(String method, Map<String, String> params) {
        for (JsonNode result : root) {
            if (!result.path("benchmark").asText().endsWith("." + method)) {
                continue;
            }
            boolean match = params.entrySet().stream()
                    .allMatch(e -> e.getValue()
                            .equals(result.path("params").path(e.getKey()).asText()));
            if (match) {
                return Optional.of(result);
            }
        }
        return Optional.empty();
    }

    /** Median of the measurement iterations' scores (AverageTime / Throughput modes). */
    public static double medianOfIterations(JsonNode result) {
        List<Double> scores = new ArrayList<>();
        for (JsonNode fork : result.path("primaryMetric").path("rawData")) {
            for (JsonNode score : fork) {
                scores.add(score.asDouble());
            }
        }
        return Stats.median(scores.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** A percentile JMH computed itself (SampleTime mode), e.g. {@code "50.0"}, {@code "99.0"}. */
    public static double percentile(JsonNode result, String percentile) {
        JsonNode value = result.path("primaryMetric").path("scorePercentiles").path(percentile);
        if (value.isMissingNode()) {
            throw new IllegalArgumentException("no percentile " + percentile + " in " + result.path("benchmark"));
        }
        return value.asDouble();
    }

    public static String unit(JsonNode result) {
        return result.path("primaryMetric").path("scoreUnit").asText();
    }
}
