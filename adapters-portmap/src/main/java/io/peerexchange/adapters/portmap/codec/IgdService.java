package io.peerexchange.adapters.portmap.codec;

import java.net.URI;
import java.util.Objects;

/** The WAN connection service of a gateway: its type (with version) and control URL. */
public record IgdService(String serviceType, URI controlUrl) {
    public IgdService {
        Objects.requireNonNull(serviceType, "serviceType");
        Objects.requireNonNull(controlUrl, "controlUrl");
    }

    /** Whether the service is version 2 (it has AddAnyPortMapping). */
    public boolean v2() {
        return serviceType.endsWith(":2");
    }
}
