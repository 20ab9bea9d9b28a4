package io.peerexchange.devtools.vm;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code run-in-guest.sh [--timeout SECONDS] [--memory MIB] [--cpus N] [--accel kvm|tcg] [--env K=V]…
 * [--] COMMAND…}: runs COMMAND as root in a guest booting Debian's cloud kernel and exits with its exit
 * code (124 when the time bound killed it, 125 when the guest could not run it). The command's output
 * goes to stdout as it arrives; one summary line (accelerator, boot and total time) to stderr.
 */
public final class GuestVmMain {
    private GuestVmMain() {}

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args));
    }

    static int run(String[] args) throws InterruptedException {
        GuestVm.Options options = GuestVm.Options.defaults(Duration.ofSeconds(300));
        int timeout = 300;
        List<String> command = new ArrayList<>();
        try {
            int i = 0;
            for (; i < args.length && command.isEmpty(); i++) {
                String a = args[i];
                switch (a) {
                    case "--timeout" -> timeout = Integer.parseInt(value(args, ++i, a));
                    case "--memory" -> options = options.withMemoryMib(Integer.parseInt(value(args, ++i, a)));
                    case "--cpus" -> options = options.withCpus(Integer.parseInt(value(args, ++i, a)));
                    case "--accel" -> {
                        String accel = value(args, ++i, a).toLowerCase(Locale.ROOT);
                        options = new GuestVm.Options(
                                options.timeout(),
                                options.memoryMib(),
                                options.cpus(),
                                options.workDir(),
                                options.env(),
                                options.cacheDir(),
                                options.kernelPackage(),
                                accel,
                                null);
                    }
                    case "--env" -> {
                        String kv = value(args, ++i, a);
                        int eq = kv.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--env wants KEY=VALUE, not " + kv);
                        }
                        options = options.withEnv(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                    case "--" -> {
                        for (i++; i < args.length; i++) {
                            command.add(args[i]);
                        }
                    }
                    case "-h", "--help" -> {
                        System.out.println("usage: run-in-guest.sh [--timeout SECONDS] [--memory MIB] [--cpus N]"
                                + " [--accel kvm|tcg] [--env KEY=VALUE]... [--] COMMAND [ARG]...");
                        return 0;
                    }
                    default -> {
                        if (a.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        for (; i < args.length; i++) {
                            command.add(args[i]);
                        }
                    }
                }
            }
            if (command.isEmpty()) {
                throw new IllegalArgumentException("no command given");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("run-in-guest: " + e.getMessage());
            return 2;
        }
        options = new GuestVm.Options(
                        Duration.ofSeconds(timeout),
                        options.memoryMib(),
                        options.cpus(),
                        Path.of("").toAbsolutePath(),
                        options.env(),
                        options.cacheDir(),
                        options.kernelPackage(),
                        options.accelerator(),
                        null)
                .withOutput(System.out::println);
        try {
            GuestResult r = GuestVm.run(command, options);
            System.out.flush();
            System.err.printf(
                    Locale.ROOT,
                    "run-in-guest: %s, boot %s, total %.1f s, %s%n",
                    r.accelerator(),
                    r.boot() == null
                            ? "-"
                            : String.format(Locale.ROOT, "%.1f s", r.boot().toMillis() / 1000.0),
                    r.total().toMillis() / 1000.0,
                    r.problem() == null ? "exit " + r.exitCode() : r.problem());
            return r.problem() == null ? r.exitCode() : r.timedOut() ? 124 : 125;
        } catch (IOException e) {
            System.err.println("run-in-guest: " + e.getMessage());
            return 125;
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
