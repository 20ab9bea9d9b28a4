package io.peerexchange.adapters.stun.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** The RFC 5769 sample messages, read from the copy of shared/data/rfc5769-vectors.txt in the test resources. */
final class Rfc5769Vectors {
    static final String REQUEST = "2.1";
    static final String IPV4_RESPONSE = "2.2";
    static final String IPV6_RESPONSE = "2.3";
    static final byte[] TRANSACTION_ID = HexFormat.of().parseHex("b7e7a701bc34d686fa87dfae");

    private static final Map<String, byte[]> VECTORS = load();

    private Rfc5769Vectors() {}

    static byte[] get(String section) {
        byte[] bytes = VECTORS.get(section);
        if (bytes == null) {
            throw new IllegalArgumentException("no RFC 5769 vector " + section);
        }
        return bytes.clone();
    }

    private static Map<String, byte[]> load() {
        String text;
        try (InputStream in = Rfc5769Vectors.class.getResourceAsStream("/rfc5769-vectors.txt")) {
            if (in == null) {
                throw new IllegalStateException("rfc5769-vectors.txt is missing from the test resources");
            }
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, byte[]> result = new LinkedHashMap<>();
        String section = null;
        StringBuilder hex = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.startsWith("[")) {
                if (section != null) {
                    result.put(section, HexFormat.of().parseHex(hex));
                }
                section = line.substring(1, line.indexOf(' '));
                hex.setLength(0);
            } else if (section != null && !line.isBlank() && !line.startsWith("#")) {
                hex.append(line.replace(" ", "").trim());
            }
        }
        if (section != null) {
            result.put(section, HexFormat.of().parseHex(hex));
        }
        return result;
    }
}
