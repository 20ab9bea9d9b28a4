package io.peerexchange.bootstrap;

import java.io.PrintWriter;
import java.nio.charset.Charset;

/** The process entry point. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Charset charset = Charset.defaultCharset();
        CliContext context = new CliContext(
                System.getenv(),
                new PrintWriter(System.out, true, charset),
                new PrintWriter(System.err, true, charset),
                true);
        System.exit(Cli.execute(args, context));
    }
}
