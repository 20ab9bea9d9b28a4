package io.peerexchange.devtools.vm;

import java.time.Duration;

/**
 * What one guest run produced.
 *
 * @param exitCode    the command's exit code as the guest reported it; -1 when it reported none
 * @param output      everything the command wrote (stdout and stderr interleaved)
 * @param accelerator {@code kvm} or {@code tcg}
 * @param timedOut    the guest was killed at the time bound
 * @param boot        from starting QEMU until the guest began the command (null if it never did)
 * @param total       from starting QEMU until it was gone
 * @param problem     why the guest reported no exit code (null when it did): its own message, or
 *     the tail of QEMU's and the guest console's logs
 */
public record GuestResult(
        int exitCode,
        String output,
        String accelerator,
        boolean timedOut,
        Duration boot,
        Duration total,
        String problem) {

    public boolean succeeded() {
        return exitCode == 0 && problem == null;
    }
}
