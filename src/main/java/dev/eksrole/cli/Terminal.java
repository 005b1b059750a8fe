package dev.eksrole.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether stderr is a terminal, where a progress bar may redraw itself. Java 17 has no such question for stderr
 * ({@code System.console()} needs stdin and stdout too), so on Linux eksrole asks where file descriptor 2 leads.
 */
public final class Terminal {

    private Terminal() {}

    public static boolean stderrIsTerminal() {
        return isTerminal(Path.of("/proc/self/fd/2"));
    }

    /** @param descriptor a link such as {@code /proc/self/fd/2}; a pipe, a file or no such link is no terminal */
    static boolean isTerminal(Path descriptor) {
        try {
            String target = Files.readSymbolicLink(descriptor).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
