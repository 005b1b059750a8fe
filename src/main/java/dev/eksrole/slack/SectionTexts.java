package dev.eksrole.slack;

import java.util.ArrayList;
import java.util.List;

/**
 * Long mrkdwn packed into as few section texts as fit Slack's limit, measured after escaping and never
 * cut: a line goes whole into one text, and only a line longer than a whole section is split over two.
 */
final class SectionTexts {

    private static final String FENCE = "```";

    private SectionTexts() {}

    /** A heading of ours over a code block of foreign lines (escaped here). */
    record Code(Mrkdwn heading, List<String> lines) {}

    /**
     * Each heading with its code block; several to a text while they fit, and one too long for a text
     * continued over as many as it takes, its heading repeated.
     */
    static List<Mrkdwn> codeBlocks(List<Code> units, int limit) {
        List<String> texts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (Code unit : units) {
            List<String> lines = unit.lines().stream().map(Mrkdwn::codeBlockContent).toList();
            String whole = unit.heading().text() + (lines.isEmpty() ? "" : "\n" + FENCE + String.join("\n", lines) + FENCE);
            if (whole.length() <= limit) {
                if (current.length() > 0 && current.length() + 1 + whole.length() > limit) {
                    texts.add(current.toString());
                    current.setLength(0);
                }
                current.append(current.length() == 0 ? "" : "\n").append(whole);
                continue;
            }
            if (current.length() > 0) {
                texts.add(current.toString());
                current.setLength(0);
            }
            String continued = unit.heading().text() + " (continued)\n" + FENCE;
            StringBuilder part = new StringBuilder(unit.heading().text()).append('\n').append(FENCE);
            boolean empty = true;
            for (String line : lines) {
                for (String piece : pieces(line, limit - continued.length() - FENCE.length())) {
                    if (!empty && part.length() + 1 + piece.length() + FENCE.length() > limit) {
                        texts.add(part.append(FENCE).toString());
                        part = new StringBuilder(continued);
                        empty = true;
                    }
                    part.append(empty ? "" : "\n").append(piece);
                    empty = false;
                }
            }
            texts.add(part.append(FENCE).toString());
        }
        if (current.length() > 0) {
            texts.add(current.toString());
        }
        return texts.stream().map(SectionTexts::safe).toList();
    }

    /** A heading, then lines of mrkdwn, over as many texts as it takes. */
    static List<Mrkdwn> lines(Mrkdwn heading, List<Mrkdwn> lines, int limit) {
        List<String> texts = split(lines.stream().map(Mrkdwn::text).toList(), limit - heading.length());
        List<Mrkdwn> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            out.add(safe((i == 0 ? heading.text() : "") + texts.get(i)));
        }
        return out;
    }

    /** Lines joined by newlines into runs of at most {@code limit} characters; a longer line is split, never cut. */
    static List<String> split(List<String> lines, int limit) {
        List<String> runs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            for (String piece : pieces(line, limit)) {
                if (current.length() > 0 && current.length() + 1 + piece.length() > limit) {
                    runs.add(current.toString());
                    current.setLength(0);
                }
                current.append(current.length() == 0 ? "" : "\n").append(piece);
            }
        }
        if (current.length() > 0 || runs.isEmpty()) {
            runs.add(current.toString());
        }
        return runs;
    }

    /** A line in pieces of at most {@code room} characters, split where no escape or mention breaks. */
    private static List<String> pieces(String line, int room) {
        List<String> pieces = new ArrayList<>();
        String rest = line;
        while (rest.length() > room) {
            int end = Mrkdwn.safeEnd(rest, room);
            end = end == 0 ? room : end;
            pieces.add(rest.substring(0, end));
            rest = rest.substring(end);
        }
        pieces.add(rest);
        return pieces;
    }

    /** Texts built here from mrkdwn that was already safe. */
    private static Mrkdwn safe(String text) {
        return Mrkdwn.trusted(text);
    }
}
