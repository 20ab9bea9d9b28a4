package io.peerexchange.devtools.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeDefinitionsTest {
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    private static List<NodeDefinition> parse(String json) {
        return NodeDefinitions.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void givenValidFile_parse_readsEveryField() {
        List<NodeDefinition> nodes = parse("{\"nodes\":[{\"id\":\"a\",\"token\":\"s3cret\",\"public_key\":\"" + KEY
                + "\",\"mesh_ip\":\"10.99.0.1\",\"allowed_ips\":[\"10.99.0.1/32\"]}]}");

        assertThat(nodes).containsExactly(new NodeDefinition("a", "s3cret", KEY, "10.99.0.1", List.of("10.99.0.1/32")));
        assertThat(nodes.get(0).toString()).doesNotContain("s3cret");
    }

    @Test
    void givenBadFiles_parse_failsWithoutEchoingTokens() {
        List<String> bad = List.of(
                "nope",
                "{}",
                "{\"nodes\":[]}",
                "{\"nodes\":[{\"id\":\"a\",\"token\":\"s3cret\",\"public_key\":\"AAAA\"}]}",
                "{\"nodes\":[{\"id\":\"a\",\"token\":\"s3cret\",\"public_key\":\"!!\"}]}",
                "{\"nodes\":[{\"id\":\"a b\",\"token\":\"s3cret\",\"public_key\":\"" + KEY + "\"}]}",
                "{\"nodes\":[{\"id\":\"a\",\"token\":\"s3 cret\",\"public_key\":\"" + KEY + "\"}]}",
                "{\"nodes\":[{\"id\":\"a\",\"public_key\":\"" + KEY + "\"}]}",
                "{\"nodes\":[{\"id\":\"a\",\"token\":\"s3cret\",\"public_key\":\"" + KEY
                        + "\",\"allowed_ips\":\"x\"}]}",
                "{\"nodes\":[{\"id\":\"a\",\"token\":\"s3cret\",\"public_key\":\"" + KEY + "\"},"
                        + "{\"id\":\"a\",\"token\":\"other\",\"public_key\":\"" + KEY + "\"}]}",
                "{\"nodes\":[{\"id\":\"a\",\"token\":\"s3cret\",\"public_key\":\"" + KEY + "\"},"
                        + "{\"id\":\"b\",\"token\":\"s3cret\",\"public_key\":\"" + KEY + "\"}]}");

        for (String json : bad) {
            assertThatThrownBy(() -> parse(json))
                    .as(json)
                    .isInstanceOf(IllegalArgumentException.class)
                    .message()
                    .isNotEmpty()
                    .doesNotContain("s3cret")
                    .doesNotContain("s3 cret");
        }
    }
}
