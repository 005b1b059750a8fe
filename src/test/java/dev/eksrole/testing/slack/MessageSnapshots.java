package dev.eksrole.testing.slack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The blocks of every message the tests build or the stand-in receives, one JSON file each under
 * {@code target/slack-messages/}, so that {@code SlackTypesCheckTest} can check them against Slack's own
 * Block Kit types. The folder is emptied once per test JVM, so it holds this run's messages only.
 */
public final class MessageSnapshots {

    private static final Path DIRECTORY = Path.of(System.getProperty("basedir", "."), "target", "slack-messages");
    private static boolean cleared;

    private MessageSnapshots() {}

    public static Path directory() {
        return DIRECTORY;
    }

    /** Writes the blocks (a JSON array) under a name made from their content, so a message seen twice is one file. */
    public static synchronized void write(JsonNode blocks) {
        if (blocks == null || !blocks.isArray() || blocks.isEmpty()) {
            return;
        }
        try {
            if (!cleared) {
                clear();
                cleared = true;
            }
            byte[] json = blocks.toString().getBytes(StandardCharsets.UTF_8);
            String name = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json), 0, 12) + ".json";
            Path file = DIRECTORY.resolve(name);
            if (!Files.exists(file)) {
                Files.write(file, json);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a message snapshot", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The files written in this run. */
    public static synchronized List<Path> files() {
        if (!Files.isDirectory(DIRECTORY)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void clear() throws IOException {
        if (Files.isDirectory(DIRECTORY)) {
            try (Stream<Path> old = Files.walk(DIRECTORY)) {
                for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(DIRECTORY);
    }
}
