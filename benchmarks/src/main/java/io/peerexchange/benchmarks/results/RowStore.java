package io.peerexchange.benchmarks.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * Rows as one JSON file each in the results directory, so every harness (a separate JVM) adds
 * its own rows and the report writer collects them.
 */
public final class RowStore {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path directory;

    public RowStore(Path directory) {
        this.directory = directory;
    }

    /** The directory named by {@code -Dpxb.results} (default {@code benchmarks/target/results}). */
    public static RowStore fromSystemProperty() throws IOException {
        Path dir = Path.of(System.getProperty("pxb.results", "benchmarks/target/results"));
        Files.createDirectories(dir);
        return new RowStore(dir);
    }

    public Path directory() {
        return directory;
    }

    public void write(Row row) throws IOException {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", row.id());
        node.put("what", row.what());
        node.put("unit", row.unit());
        if (row.ours().isPresent()) {
            node.put("ours", row.ours().getAsDouble());
        }
        node.put("alternative", row.alternative());
        if (row.theirs().isPresent()) {
            node.put("theirs", row.theirs().getAsDouble());
        }
        node.put("higher_is_better", row.higherIsBetter());
        node.put("target", row.target());
        node.put("met", row.met().name());
        node.put("command", row.command());
        node.put("note", row.note());
        Files.createDirectories(directory);
        MAPPER.writerWithDefaultPrettyPrinter()
                .writeValue(directory.resolve(row.id() + ".row.json").toFile(), node);
    }

    public List<Row> readAll() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".row.json"))
                    .toList()) {
                JsonNode n = MAPPER.readTree(file.toFile());
                rows.add(new Row(
                        n.path("id").asText(),
                        n.path("what").asText(),
                        n.path("unit").asText(),
                        optional(n, "ours"),
                        n.path("alternative").asText(),
                        optional(n, "theirs"),
                        n.path("higher_is_better").asBoolean(),
                        n.path("target").asText(),
                        Row.Verdict.valueOf(n.path("met").asText()),
                        n.path("command").asText(),
                        n.path("note").asText()));
            }
        }
        rows.sort(Comparator.comparing(Row::id));
        return rows;
    }

    private static OptionalDouble optional(JsonNode node, String field) {
        return node.has(field) ? OptionalDouble.of(node.get(field).asDouble()) : OptionalDouble.empty();
    }
}
