package dev.eksrole.aws;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Refuses a successful HTTP answer that is not the operation's answer. The SDK reads an empty body or
 * a proxy's HTML page as an empty result, and an empty list of roles is a verdict (no node role) whose
 * fix creates a role; so a 2xx answer must be the operation's own XML document, whole, or the call
 * fails. (An AssumeRole answer without credentials is {@link StsCallWatch}'s to name.)
 */
final class AnswerCheck extends WholeAnswers {

    /** How much of an answer's start and end is read: the root element and the start of its result, and the root's end. */
    static final int HEAD = 2048;
    static final int TAIL = 256;
    private static final Pattern PROLOGUE = Pattern.compile("^\\s*(<\\?xml[^>]*\\?>\\s*)?");

    @Override
    String problem(String operation, byte[] bytes) {
        return problemOf(operation, bytes);
    }

    /**
     * What is wrong with a 2xx body, or {@code null} when it is the operation's whole answer. Only the first and last
     * bytes are read: the SDK parses the whole document right after, and a scan reads thousands of pages of up to a
     * few megabytes, so decoding each page a second time would double the work that grows with the accounts.
     */
    static String problemOf(String operation, byte[] bytes) {
        String size = sizeProblem(bytes);
        if (size != null) {
            return size;
        }
        String head = PROLOGUE.matcher(new String(bytes, 0, Math.min(bytes.length, HEAD), StandardCharsets.UTF_8)).replaceFirst("");
        int tailStart = Math.max(0, bytes.length - TAIL);
        String tail = new String(bytes, tailStart, bytes.length - tailStart, StandardCharsets.UTF_8).stripTrailing();
        String root = operation + "Response";
        if (!head.startsWith("<" + root + " ") && !head.startsWith("<" + root + ">")) {
            int end = head.indexOf('>');
            String first = end > 0 ? head.substring(0, Math.min(end + 1, 60)) : head.substring(0, Math.min(head.length(), 60));
            return "another document (it starts " + first.replaceAll("\\s+", " ") + ")";
        }
        if (!tail.endsWith("</" + root + ">")) {
            return "a document that is cut short";
        }
        // AWS puts the result right after the root element, before the response metadata
        boolean reads = operation.startsWith("List") || operation.startsWith("Get");
        if (reads && !head.contains("<" + operation + "Result>") && !head.contains("<" + operation + "Result/>")) {
            return "a document without its result";
        }
        return null;
    }
}
