package io.peerexchange.bootstrap.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the YAML config file: a flat mapping of the {@link ConfigKey} YAML keys. Only plain data
 * is constructed (no tags, bounded size, aliases and nesting), unknown keys are errors, and
 * relative paths are taken relative to the file's directory so the file means the same from any
 * working directory.
 */
public final class YamlConfigFile {
    private static final int MAX_BYTES = 256 * 1024;

    private YamlConfigFile() {}

    /**
     * @throws ConfigException naming the file and, where one is at fault, the key
     */
    public static Map<ConfigKey, RawValue> read(Path file) throws ConfigException {
        String text = readText(file);
        Object root;
        try {
            root = yaml().load(text);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            throw new ConfigException("config file " + file + " is not valid YAML"
                    + (mark == null
                            ? ""
                            : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")")
                    + ": " + (e.getProblem() == null ? "syntax error" : e.getProblem()));
        } catch (YAMLException e) {
            throw new ConfigException("config file " + file + " is not valid YAML: " + firstLine(e.getMessage()));
        }
        if (root == null) {
            return Map.of();
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new ConfigException(
                    "config file " + file + " must be a mapping of keys to values, like: node_id: n1");
        }
        Map<ConfigKey, RawValue> values = new EnumMap<>(ConfigKey.class);
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String name = String.valueOf(entry.getKey());
            ConfigKey key = ConfigKey.byYamlKey(name)
                    .orElseThrow(
                            () -> new ConfigException("unknown key " + printable(name) + " in config file " + file));
            String origin = key.yamlKey() + " (in " + file + ")";
            if (entry.getValue() == null) {
                continue;
            }
            List<String> items = items(entry.getValue(), origin);
            if (key.definition().type().relativeToFile()) {
                items = List.of(relativeTo(file, items.isEmpty() ? "" : items.get(0)));
            }
            values.put(key, new RawValue(items, origin));
        }
        return values;
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(8);
        options.setCodePointLimit(MAX_BYTES);
        options.setAllowRecursiveKeys(false);
        return new Yaml(new SafeConstructor(options));
    }

    private static String readText(Path file) throws ConfigException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new ConfigException("config file " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new ConfigException("config file " + file + " is not readable (permission denied)");
        } catch (IOException e) {
            throw new ConfigException(
                    "config file " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    private static List<String> items(Object value, String origin) throws ConfigException {
        if (value instanceof List<?> list) {
            List<String> items = new ArrayList<>(list.size());
            for (Object item : list) {
                if (item instanceof Map<?, ?> || item instanceof List<?>) {
                    throw new ConfigException("invalid " + origin + ": list items must be plain values");
                }
                items.add(String.valueOf(item));
            }
            return items;
        }
        if (value instanceof Map<?, ?>) {
            throw new ConfigException("invalid " + origin + ": expected a value, got a mapping");
        }
        return List.of(String.valueOf(value));
    }

    private static String relativeTo(Path file, String value) {
        Path path;
        try {
            path = Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            // Left as it is: the resolver rejects it and names the key.
            return value;
        }
        if (value.isEmpty() || path.isAbsolute()) {
            return value;
        }
        Path dir = file.toAbsolutePath().getParent();
        return dir == null ? value : dir.resolve(path).normalize().toString();
    }

    private static String printable(String name) {
        String shown = name.length() > 64 ? name.substring(0, 64) + "…" : name;
        return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
