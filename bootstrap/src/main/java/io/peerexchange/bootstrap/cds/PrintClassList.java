package io.peerexchange.bootstrap.cds;

import java.io.IOException;
import java.io.InputStream;

/**
 * Prints the class list the jar carries (the JDK and agent classes a session loads) to standard
 * output, for the launcher to dump its class-data archive from:
 * {@code java -cp peerexchange.jar io.peerexchange.bootstrap.cds.PrintClassList > list}.
 * Exits 1 when the jar holds no list. Deliberately tiny: it loads almost nothing itself.
 */
public final class PrintClassList {
    static final String RESOURCE = "peerexchange.classlist";

    private PrintClassList() {}

    public static void main(String[] args) throws IOException {
        try (InputStream list = PrintClassList.class.getResourceAsStream(RESOURCE)) {
            if (list == null) {
                System.err.println("peerexchange: this jar carries no class list");
                System.exit(1);
                return;
            }
            list.transferTo(System.out);
            System.out.flush();
        }
    }
}
