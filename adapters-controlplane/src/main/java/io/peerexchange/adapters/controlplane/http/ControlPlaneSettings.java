package io.peerexchange.adapters.controlplane.http;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach the control plane.
 *
 * @param baseUrl     {@code https://host[:port][/prefix]}; plain {@code http} only with {@code allowHttp}
 * @param version     the agent version sent as {@code User-Agent: peerexchange/<version>}
 * @param allowHttp   permit a plain-text {@code http://} base URL (labs and tests)
 * @param insecureTls skip certificate and host name checks (labs only)
 * @param caFile      PEM file of the CA certificates to trust instead of the system ones
 */
public record ControlPlaneSettings(
        URI baseUrl, String version, boolean allowHttp, boolean insecureTls, Optional<Path> caFile) {

    public ControlPlaneSettings {
        Objects.requireNonNull(baseUrl, "control-plane-url");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(caFile, "caFile");
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!baseUrl.isAbsolute() || baseUrl.isOpaque() || baseUrl.getHost() == null) {
            throw new IllegalArgumentException(
                    "control-plane-url must be an absolute URL with a host, " + "like https://cp.example.com");
        }
        if (scheme.equals("http")) {
            if (!allowHttp) {
                throw new IllegalArgumentException("control-plane-url uses plain http (" + baseUrl.getHost()
                        + "): use https, or set allow-http to send the token unencrypted");
            }
        } else if (!scheme.equals("https")) {
            throw new IllegalArgumentException(
                    "control-plane-url must use https (or http with allow-http), not " + scheme);
        }
        if (baseUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    "control-plane-url must not contain credentials; " + "the token is configured separately");
        }
        if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("control-plane-url must not have a query or fragment");
        }
        if (version.isEmpty() || !version.chars().allMatch(ControlPlaneSettings::isTokenChar)) {
            throw new IllegalArgumentException("version must be non-empty letters, digits or . _ + -");
        }
        if (insecureTls && caFile.isPresent()) {
            throw new IllegalArgumentException("insecure-tls and ca-file exclude each other: "
                    + "a CA file only matters when certificates are checked");
        }
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        baseUrl = URI.create(scheme + "://" + baseUrl.getRawAuthority() + path);
    }

    /** HTTPS with system trust, version {@code dev}. */
    public static ControlPlaneSettings defaults(URI baseUrl) {
        return new ControlPlaneSettings(baseUrl, "dev", false, false, Optional.empty());
    }

    public ControlPlaneSettings withVersion(String newVersion) {
        return new ControlPlaneSettings(baseUrl, newVersion, allowHttp, insecureTls, caFile);
    }

    String userAgent() {
        return "peerexchange/" + version;
    }

    /** The absolute URI of a protocol path such as {@code /v1/nodes/n1/state}. */
    public URI resolve(String path) {
        return URI.create(baseUrl + path);
    }

    private static boolean isTokenChar(int c) {
        return (c >= '0' && c <= '9')
                || (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || c == '.'
                || c == '_'
                || c == '+'
                || c == '-';
    }
}
