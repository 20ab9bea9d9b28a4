package io.peerexchange.bootstrap;

import io.peerexchange.bootstrap.config.Version;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Writes what the Debian package installs beside the jar, generated from the picocli model so it
 * never drifts from the commands: the man page {@code peerexchange.1.gz} (troff, gzipped without a
 * timestamp, as Debian wants it) and the bash completion script (zsh loads the same through
 * {@code bashcompinit}). Run at {@code mvn package}: {@code PackageDocs OUTPUT_DIR}.
 */
public final class PackageDocs {
    static final String NAME = "peerexchange";

    private PackageDocs() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        CommandLine cli = Cli.commandLine(new CliContext(
                Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false));
        Files.write(out.resolve(NAME + ".1.gz"), gzip(manPage(cli)));
        // Sourced, not run: a completion script has no interpreter line.
        Files.writeString(
                out.resolve(NAME + ".bash"), AutoComplete.bash(NAME, cli).replaceFirst("^#![^\n]*\n", ""));
        Files.writeString(
                out.resolve("_" + NAME),
                "#compdef " + NAME + "\n"
                        + "# The bash completion, through zsh's bashcompinit.\n"
                        + "autoload -U +X bashcompinit && bashcompinit\n"
                        + "source /usr/share/bash-completion/completions/" + NAME + "\n");
    }

    /** The man page in troff. */
    static String manPage(CommandLine cli) {
        StringBuilder m = new StringBuilder();
        CommandSpec root = cli.getCommandSpec();
        m.append(".TH PEEREXCHANGE 1 \"\" \"")
                .append(NAME)
                .append(' ')
                .append(Version.value())
                .append("\" \"User Commands\"\n");
        m.append(".SH NAME\n")
                .append(NAME)
                .append(" \\- ")
                .append(escape(String.join(" ", root.usageMessage().description())))
                .append('\n');
        m.append(".SH SYNOPSIS\n.B ").append(NAME).append("\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n");
        m.append(".SH DESCRIPTION\n")
                .append(escape("peerexchange learns, with STUN sent from the WireGuard port, at which public address"
                        + " the internet reaches this node, reports it to the control plane, and writes the other"
                        + " nodes' endpoints into WireGuard as the control plane pushes them."))
                .append('\n');
        m.append(".SH COMMANDS\n");
        for (CommandLine sub : cli.getSubcommands().values()) {
            command(m, sub, NAME);
        }
        m.append(".SH FILES\n.TP\n/etc/peerexchange/config.yaml\nThe configuration (an annotated example).\n")
                .append(".TP\n/run/peerexchange/agent.sock\nThe control socket \\fBstatus\\fR asks.\n");
        m.append(".SH SEE ALSO\n.BR wg (8),\n.BR systemctl (1)\n");
        return m.toString();
    }

    private static void command(StringBuilder m, CommandLine command, String parent) {
        CommandSpec spec = command.getCommandSpec();
        String name = parent + " " + spec.name();
        m.append(".SS \"").append(name).append("\"\n");
        for (String line : spec.usageMessage().description()) {
            m.append(escape(line)).append('\n');
        }
        m.append(".PP\n");
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            m.append(".TP\n\\fB")
                    .append(escape(String.join(", ", List.of(option.names()))))
                    .append("\\fR");
            if (option.arity().max() > 0) {
                m.append(" \\fI").append(escape(option.paramLabel())).append("\\fR");
            }
            m.append('\n')
                    .append(escape(String.join(" ", option.description())))
                    .append('\n');
        }
        for (String line : spec.usageMessage().footer()) {
            if (!line.isBlank()) {
                m.append(".PP\n").append(escape(line)).append('\n');
            }
        }
        for (CommandLine sub : command.getSubcommands().values()) {
            command(m, sub, name);
        }
    }

    /** Text safe in troff: backslashes, hyphens and a leading dot or quote. */
    static String escape(String text) {
        String t = text.replace("\\", "\\e").replace("-", "\\-");
        return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // GZIPOutputStream writes mtime 0 and no file name: the same input gives the same bytes.
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes) {
            {
                def.setLevel(9);
            }
        }) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        byte[] gz = bytes.toByteArray();
        // XFL: "maximum compression" (RFC 1952), which the JDK leaves 0 even at level 9.
        gz[8] = 2;
        return gz;
    }
}
