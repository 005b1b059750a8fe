package dev.eksrole.slack;

import static java.util.Objects.requireNonNull;

import com.slack.api.model.block.composition.MarkdownTextObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Slack mrkdwn that is safe to post (https://api.slack.com/reference/surfaces/formatting#escaping): our own
 * words and formatting as written, everything else (what people type, what AWS says, names from config)
 * escaped, so foreign text can never become a mention, a broadcast or a link. Every builder and reply makes
 * its text here; {@link #of} escapes each argument that is not already {@code Mrkdwn}.
 */
public final class Mrkdwn {

    /** Echoed input is cut to this many characters, with an ellipsis. */
    static final int ECHO_LIMIT = 40;
    static final String CUT = "… (cut)";

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String FENCE = "```";

    private final String text;

    private Mrkdwn(String text) {
        this.text = requireNonNull(text, "text");
    }

    /**
     * Our template with each {@code {}} replaced by an argument: a {@code Mrkdwn} as it is, anything else
     * as escaped text. The template itself must be ours, never built from foreign text, and holds no
     * {@code <}, {@code >} or {@code &}: a mention or date is a {@code Mrkdwn} argument.
     */
    public static Mrkdwn of(String template, Object... args) {
        if (template.indexOf('<') >= 0 || template.indexOf('>') >= 0 || template.indexOf('&') >= 0) {
            // markup of ours comes in as Mrkdwn arguments (user, date...), text like "<account>" as a String argument
            throw new IllegalArgumentException("a template must not contain <, > or &: " + template);
        }
        StringBuilder out = new StringBuilder(template.length() + 32);
        int from = 0;
        for (Object arg : args) {
            int at = template.indexOf("{}", from);
            if (at < 0) {
                throw new IllegalArgumentException("more arguments than {} in: " + template);
            }
            out.append(template, from, at).append(arg instanceof Mrkdwn m ? m.text : escape(String.valueOf(arg)));
            from = at + 2;
        }
        if (template.indexOf("{}", from) >= 0) {
            throw new IllegalArgumentException("fewer arguments than {} in: " + template);
        }
        return new Mrkdwn(out.append(template, from, template.length()).toString());
    }

    /** Text put together in this package from parts that were already safe (escaped here, or ours). */
    static Mrkdwn trusted(String safe) {
        return new Mrkdwn(safe);
    }

    /** Foreign text, escaped. */
    public static Mrkdwn text(String foreign) {
        return new Mrkdwn(escape(String.valueOf(foreign)));
    }

    /** Foreign text, escaped and then cut to at most {@code limit} characters with an ellipsis. */
    public static Mrkdwn text(String foreign, int limit) {
        String escaped = escape(String.valueOf(foreign));
        if (escaped.length() <= limit) {
            return new Mrkdwn(escaped);
        }
        return new Mrkdwn(escaped.substring(0, safeEnd(escaped, limit - 1)) + "…");
    }

    /** Foreign text as an inline code span: escaped, on one line, with no backtick to end it early. */
    public static Mrkdwn code(String foreign) {
        return new Mrkdwn("`" + escape(String.valueOf(foreign).replace('`', '\'').replace('\n', ' ')) + "`");
    }

    /** Foreign text as a code block, escaped, with no fence inside to close it early. */
    public static Mrkdwn codeBlock(String foreign) {
        return new Mrkdwn(FENCE + codeBlockContent(String.valueOf(foreign)) + FENCE);
    }

    /** What someone typed, echoed back: cut to {@value #ECHO_LIMIT} characters with an ellipsis, as a code span. */
    public static Mrkdwn echo(String typed) {
        return code(capped(String.valueOf(typed), ECHO_LIMIT));
    }

    /** A mention of a Slack user; an id that is not one is shown as text, so it cannot mention anyone else. */
    public static Mrkdwn user(String userId) {
        return SlackIdShape.USER.matches(userId) ? new Mrkdwn("<@" + userId + ">") : code(userId);
    }

    /** A mention of a Slack user group, from a validated id. */
    public static Mrkdwn usergroup(String groupId) {
        return SlackIdShape.USERGROUP.matches(groupId) ? new Mrkdwn("<!subteam^" + groupId + ">") : code(groupId);
    }

    /** A time shown in each reader's time zone, with UTC as the fallback text. */
    public static Mrkdwn date(Instant at) {
        return new Mrkdwn("<!date^" + at.getEpochSecond() + "^{date_short_pretty} {time}|" + UTC.format(at) + ">");
    }

    /** Parts joined by one of our separators. */
    public static Mrkdwn join(String separator, List<Mrkdwn> parts) {
        return new Mrkdwn(parts.stream().map(m -> m.text).collect(Collectors.joining(separator)));
    }

    /** This, then that. */
    public Mrkdwn plus(Mrkdwn more) {
        return new Mrkdwn(text + more.text);
    }

    /**
     * This text in at most {@code limit} characters: when longer, cut where no escape or mention is split,
     * any open code span or block closed, and {@value #CUT} said.
     */
    public Mrkdwn fit(int limit) {
        return text.length() <= limit ? this : new Mrkdwn(cut(text, limit));
    }

    public int length() {
        return text.length();
    }

    public String text() {
        return text;
    }

    /** The text as words for a log or the audit trail, escapes undone (markup of ours, like mentions, stays). */
    public String plain() {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /** The text object for a block. */
    public MarkdownTextObject object() {
        return MarkdownTextObject.builder().text(text).build();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Mrkdwn m && m.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    /** The three characters Slack reads as markup: everything foreign goes through here. */
    static String escape(String foreign) {
        return foreign.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Escaped code-block content; a fence inside, or a backtick against the closing fence, would end the block early. */
    static String codeBlockContent(String foreign) {
        String content = escape(foreign).replace(FENCE, "'''");
        return (content.startsWith("`") ? " " : "") + content + (content.endsWith("`") ? " " : "");
    }

    /** Mrkdwn of ours cut to {@code limit} characters as {@link #fit} does. */
    static String cut(String mrkdwn, int limit) {
        if (mrkdwn.length() <= limit) {
            return mrkdwn;
        }
        String head = mrkdwn.substring(0, safeEnd(mrkdwn, limit - CUT.length() - FENCE.length()));
        String closer = count(head, FENCE) % 2 == 1 ? FENCE
                : head.replace(FENCE, "").chars().filter(c -> c == '`').count() % 2 == 1 ? "`" : "";
        return head + CUT + closer;
    }

    /** At most {@code limit} characters of {@code text}, and an ellipsis if that cut it. */
    static String capped(String text, int limit) {
        if (text.codePointCount(0, text.length()) <= limit) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, limit)) + "…";
    }

    /**
     * The largest end at or below {@code end} that cuts no escape ({@code &amp;}), no mention or date
     * ({@code <...>}) and no surrogate pair in two.
     */
    static int safeEnd(String text, int end) {
        end = Math.max(0, Math.min(end, text.length()));
        if (end > 0 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        int amp = text.lastIndexOf('&', end - 1);
        int semicolon = amp < 0 ? -1 : text.indexOf(';', amp);
        if (amp >= 0 && end - amp < 6 && (semicolon < 0 || semicolon >= end)) {
            end = amp;
        }
        int open = text.lastIndexOf('<', end - 1);
        if (open >= 0 && text.lastIndexOf('>', end - 1) < open) {
            end = open;
        }
        return end;
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
