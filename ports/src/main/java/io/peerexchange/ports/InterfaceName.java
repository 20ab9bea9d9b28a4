package io.peerexchange.ports;

/**
 * The name of the WireGuard interface, by the one rule the whole agent applies: what Linux accepts
 * for a network interface (1-15 ASCII characters, none of them whitespace, control, {@code /} or
 * {@code :}, and not {@code .} or {@code ..}). The name also names the UAPI socket file, and this
 * rule keeps it inside the socket directory.
 */
public record InterfaceName(String value) {
    /** IFNAMSIZ is 16 including the terminating NUL. */
    public static final int MAX_LENGTH = 15;

    /** @throws IllegalArgumentException starting {@code invalid WireGuard interface name}, saying what is wrong */
    public InterfaceName {
        String prefix = "invalid WireGuard interface name";
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(prefix + ": empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    prefix + ": " + value.length() + " characters, at most " + MAX_LENGTH + " allowed");
        }
        if (value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException(prefix + " " + InputText.quote(value) + ": not a name");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException(
                        prefix + ": character " + (i + 1) + " is whitespace, a control character or not ASCII");
            }
            if (c == '/' || c == ':') {
                throw new IllegalArgumentException(
                        prefix + " " + InputText.quote(value) + ": '" + c + "' is not allowed");
            }
        }
    }

    public static InterfaceName of(String value) {
        return new InterfaceName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
