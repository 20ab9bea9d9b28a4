package io.peerexchange.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** README's configuration table says what the key definitions say, cell for cell. */
class ReadmeConfigTableTest {
    private static final Path README = Path.of("../README.md");
    private static final String SECTION = "## Configuration reference";
    private static final List<String> HEADER =
            List.of("setting", "YAML key", "environment variable", "`run` flag", "default", "meaning");

    @Test
    void givenTheReadme_configurationTable_isTheKeyDefinitions() throws IOException {
        List<List<String>> table = table(Files.readString(README));

        assertThat(table).isNotEmpty();
        assertThat(table.get(0)).isEqualTo(HEADER);
        assertThat(table.subList(1, table.size())).containsExactlyElementsOf(expectedRows());
    }

    /** One row per key, in definition order; a variable that stands in for a key follows it. */
    static List<List<String>> expectedRows() {
        List<List<String>> rows = new ArrayList<>();
        for (ConfigKey key : ConfigKey.values()) {
            KeyDefinition<?> d = key.definition();
            boolean list = d.type().shape() == ValueType.Shape.LIST;
            rows.add(List.of(
                    d.label(),
                    code(d.yamlKey()) + (list ? " (list)" : ""),
                    code(d.envVar()) + (list ? " (comma-separated)" : ""),
                    flagCell(d),
                    defaultCell(d),
                    d.meaning()));
            d.alternative()
                    .ifPresent(a -> rows.add(List.of(a.label(), "—", code(a.variable()), "—", "—", a.meaning())));
        }
        return rows;
    }

    private static String flagCell(KeyDefinition<?> d) {
        Flag run = d.flag(CommandName.RUN).orElseThrow();
        String cell = switch (d.type().shape()) {
            case SCALAR -> code(run.name());
            case SWITCH -> code(run.name() + "[=" + run.paramLabel() + "]");
            case LIST -> code(run.name() + " " + run.paramLabel()) + " (repeatable)";
        };
        StringBuilder out = new StringBuilder(cell);
        for (CommandName command : CommandName.values()) {
            d.flag(command)
                    .filter(flag -> !flag.name().equals(run.name()))
                    .ifPresent(flag -> out.append(" (")
                            .append(code(command.label() + " " + flag.name()))
                            .append(')'));
        }
        return out.toString();
    }

    private static String defaultCell(KeyDefinition<?> d) {
        if (d.defaultValue().isEmpty()) {
            return d.whenUnset() + (d.requiredForRun() ? " (required)" : "");
        }
        StringBuilder out = new StringBuilder(codes(d.formattedDefault()));
        for (CommandName command : CommandName.values()) {
            if (d.defaultIn(command).isPresent()) {
                out.append(" (")
                        .append(code(command.label()))
                        .append(": ")
                        .append(codes(d.formattedDefaultIn(command)))
                        .append(')');
            }
        }
        return out.toString();
    }

    private static String codes(List<String> items) {
        return items.stream().map(ReadmeConfigTableTest::code).collect(Collectors.joining(", "));
    }

    private static String code(String text) {
        return "`" + text + "`";
    }

    /** The first Markdown table under the section heading, as rows of trimmed cells, without the |---| line. */
    static List<List<String>> table(String markdown) {
        List<String> lines = markdown.lines().toList();
        int start = lines.indexOf(SECTION);
        assertThat(start).as("README section " + SECTION).isNotNegative();
        List<List<String>> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (line.startsWith("|")) {
                inTable = true;
                if (!line.matches("\\|(\\s*-+\\s*\\|)+")) {
                    String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
                    rows.add(Arrays.stream(inner.split("\\|", -1))
                            .map(String::strip)
                            .toList());
                }
            } else if (inTable) {
                break;
            }
        }
        return rows;
    }
}
