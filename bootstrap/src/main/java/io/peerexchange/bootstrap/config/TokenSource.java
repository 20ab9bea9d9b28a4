package io.peerexchange.bootstrap.config;

import io.peerexchange.adapters.controlplane.http.BearerToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the control-plane token comes from: a file, or the {@code PEEREXCHANGE_TOKEN} variable.
 * Not a record, so that no generated {@code toString} can ever print the token.
 */
public final class TokenSource {
    private static final int MAX_FILE_BYTES = 16 * 1024;

    private final Path file;
    private final String envToken;
    private final String origin;

    private TokenSource(Path file, String envToken, String origin) {
        this.file = file;
        this.envToken = envToken;
        this.origin = origin;
    }

    public static TokenSource file(Path file, String origin) {
        return new TokenSource(Objects.requireNonNull(file, "file"), null, origin);
    }

    public static TokenSource environment(String token) {
        return new TokenSource(null, Objects.requireNonNull(token, "token"), ConfigKey.TOKEN_ENV);
    }

    public Optional<Path> path() {
        return Optional.ofNullable(file);
    }

    /** Where the token comes from, for messages: the flag, variable or YAML key. */
    public String origin() {
        return origin;
    }

    /**
     * Reads the token. Trailing whitespace (the newline editors add) is dropped.
     *
     * @throws ConfigException when the file is missing, unreadable, empty or holds an invalid token;
     *                         the message never contains the token
     */
    public BearerToken load() throws ConfigException {
        String text = file == null ? envToken : read();
        String token = text.strip();
        if (token.isEmpty()) {
            throw new ConfigException(
                    file == null
                            ? "invalid " + ConfigKey.TOKEN_ENV + ": empty"
                            : "invalid " + origin + ": token file " + file + " is empty");
        }
        try {
            return new BearerToken(token);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    "invalid " + origin + (file == null ? "" : " (" + file + ")") + ": " + e.getMessage());
        }
    }

    private String read() throws ConfigException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new ConfigException(
                        "invalid " + origin + ": token file " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("invalid " + origin + ": token file " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new ConfigException(
                    "invalid " + origin + ": token file " + file + " is not readable (permission denied)");
        } catch (IOException e) {
            throw new ConfigException("invalid " + origin + ": token file " + file + " cannot be read: "
                    + e.getClass().getSimpleName());
        }
    }

    @Override
    public String toString() {
        return file == null ? "TokenSource[env " + ConfigKey.TOKEN_ENV + "]" : "TokenSource[file " + file + "]";
    }
}
