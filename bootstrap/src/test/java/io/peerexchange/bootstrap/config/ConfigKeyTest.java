package io.peerexchange.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.domain.ConfigField;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The key definitions hold together: names unique, defaults readable back, every core setting claimed. */
class ConfigKeyTest {

    @ParameterizedTest
    @EnumSource(ConfigField.class)
    void givenACoreSetting_exactlyOneKeyClaimsIt(ConfigField field) {
        assertThat(Arrays.stream(ConfigKey.values())
                        .filter(key -> key.definition().domainField().equals(Optional.of(field))))
                .containsExactly(ConfigKey.of(field));
    }

    @ParameterizedTest
    @EnumSource(CommandName.class)
    void givenACommand_noTwoKeysShareAFlag(CommandName command) {
        List<String> flags = Arrays.stream(ConfigKey.values())
                .flatMap(key -> key.definition().flag(command).stream())
                .map(Flag::name)
                .toList();

        assertThat(flags).doesNotHaveDuplicates();
    }

    @Test
    void givenTheKeys_yamlKeysAndVariablesAreUnique() {
        assertThat(Arrays.stream(ConfigKey.values()).map(ConfigKey::yamlKey)).doesNotHaveDuplicates();
        assertThat(Arrays.stream(ConfigKey.values()).map(ConfigKey::envVar)).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @EnumSource(ConfigKey.class)
    void givenAKey_itsVariableIsItsYamlKeyInUpperCase(ConfigKey key) {
        assertThat(key.envVar()).isEqualTo("PEEREXCHANGE_" + key.yamlKey().toUpperCase(Locale.ROOT));
        assertThat(ConfigKey.byYamlKey(key.yamlKey())).contains(key);
    }

    @ParameterizedTest
    @EnumSource(ConfigKey.class)
    void givenAKeyWithADefault_theWrittenDefaultParsesBackToIt(ConfigKey key) throws Exception {
        assertRoundTrip(key.definition());
    }

    @ParameterizedTest
    @EnumSource(ConfigKey.class)
    void givenAKey_everyHelpLineIsFilledIn(ConfigKey key) {
        for (CommandName command : CommandName.values()) {
            key.definition()
                    .help(command)
                    .ifPresent(help -> assertThat(help)
                            .as(key + " on " + command)
                            .doesNotContain("{")
                            .endsWith("."));
        }
    }

    private static <T> void assertRoundTrip(KeyDefinition<T> definition) throws ConfigException {
        for (Optional<T> value : List.of(definition.defaultValue(), definition.defaultIn(CommandName.DISCOVER))) {
            if (value.isPresent()) {
                RawValue written = new RawValue(definition.type().format(value.get()), definition.yamlKey());

                assertThat(definition.type().parse(written))
                        .as(definition.yamlKey())
                        .isEqualTo(value);
            }
        }
    }
}
