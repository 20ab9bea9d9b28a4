package io.peerexchange.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlConfigFileTest {
    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        return Files.writeString(dir.resolve("c.yaml"), text);
    }

    @Test
    void givenAnUnknownKey_read_failsNamingTheKeyButNotItsValue() throws Exception {
        Path file = file("node_id: n1\ntoken: s3cr3t-value\n");

        assertThatThrownBy(() -> YamlConfigFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown key \"token\" in config file " + file)
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void givenBrokenYaml_read_failsWithTheLine() throws Exception {
        Path file = file("node_id: n1\nlisten_port: [1, 2\n");

        assertThatThrownBy(() -> YamlConfigFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config file " + file + " is not valid YAML (line ");
    }

    @Test
    void givenAScalarDocument_read_failsAskingForAMapping() throws Exception {
        Path file = file("just text\n");

        assertThatThrownBy(() -> YamlConfigFile.read(file)).hasMessageContaining("must be a mapping");
    }

    @Test
    void givenADuplicateKey_read_fails() throws Exception {
        Path file = file("node_id: a\nnode_id: b\n");

        assertThatThrownBy(() -> YamlConfigFile.read(file)).isInstanceOf(ConfigException.class);
    }

    @Test
    void givenATypeTag_read_refusesToConstructIt() throws Exception {
        Path file = file(
                "node_id: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]\n");

        assertThatThrownBy(() -> YamlConfigFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void givenAnAliasBomb_read_refusesIt() throws Exception {
        StringBuilder text = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'm'; c++) {
            char prev = (char) (c - 1);
            text.append(c)
                    .append(": &")
                    .append(c)
                    .append(" [*")
                    .append(prev)
                    .append(", *")
                    .append(prev)
                    .append("]\n");
        }
        Path file = file(text.toString());

        assertThatThrownBy(() -> YamlConfigFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void givenAMissingFile_read_failsNamingIt() {
        Path file = dir.resolve("absent.yaml");

        assertThatThrownBy(() -> YamlConfigFile.read(file)).hasMessage("config file " + file + " does not exist");
    }

    @Test
    void givenAnEmptyFile_read_yieldsNothing() throws Exception {
        assertThat(YamlConfigFile.read(file("# only a comment\n"))).isEmpty();
    }

    @Test
    void givenNullValues_read_leavesThoseKeysUnset() throws Exception {
        assertThat(YamlConfigFile.read(file("node_id:\nsigning_key: ~\n"))).isEmpty();
    }
}
