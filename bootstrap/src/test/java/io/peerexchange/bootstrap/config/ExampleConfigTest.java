package io.peerexchange.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The annotated example config in the repository stays valid and documents every key, and only those. */
class ExampleConfigTest {
    private static final Path EXAMPLE = Path.of("config/peerexchange.example.yaml");

    @Test
    void givenTheExampleConfig_resolve_acceptsItForRun() throws Exception {
        AgentConfig config = new ConfigResolver(Map.of())
                .resolve(Optional.of(EXAMPLE), new EnumMap<>(ConfigKey.class), false)
                .requireForRun();

        assertThat(config.nodeId()).isPresent();
        assertThat(config.listenPort()).isEqualTo(AgentConfig.DEFAULT_LISTEN_PORT);
    }

    @Test
    void givenTheExampleConfig_everyKeyIsDocumented() throws Exception {
        String text = Files.readString(EXAMPLE);

        for (ConfigKey key : ConfigKey.values()) {
            assertThat(text).as(key.yamlKey()).containsPattern("(?m)^#? ?" + key.yamlKey() + ":");
        }
    }

    @Test
    void givenTheExampleConfig_documentsNoKeyThatIsNotDefined() throws Exception {
        Matcher keys = Pattern.compile("(?m)^#? ?([a-z_]+):").matcher(Files.readString(EXAMPLE));
        Set<String> documented = new TreeSet<>();
        while (keys.find()) {
            documented.add(keys.group(1));
        }

        assertThat(documented)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(ConfigKey.values())
                        .map(ConfigKey::yamlKey)
                        .toList());
    }
}
