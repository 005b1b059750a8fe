package dev.eksrole.testing.aws;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Minimal streaming XML writer for AWS Query responses. */
final class Xml {

    static final String IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
    static final String STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";

    private final StringBuilder out = new StringBuilder(256);

    Xml open(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    Xml close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    /** Writes {@code <name>text</name>}; nothing when {@code text} is {@code null}. */
    Xml element(String name, String text) {
        if (text != null) {
            open(name);
            escape(text, out);
            close(name);
        }
        return this;
    }

    Xml element(String name, boolean value) {
        return element(name, Boolean.toString(value));
    }

    Xml element(String name, long value) {
        return element(name, Long.toString(value));
    }

    Xml element(String name, Instant value) {
        return value == null ? this : element(name, date(value));
    }

    static String date(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A success answer: {@code <ActionResponse><ActionResult>...</ActionResult><ResponseMetadata/>}. */
    static String success(String namespace, String action, String requestId, Body result) {
        Xml xml = new Xml();
        xml.out.append('<').append(action).append("Response xmlns=\"").append(namespace).append("\">");
        if (result != null) {
            xml.open(action + "Result");
            result.write(xml);
            xml.close(action + "Result");
        }
        xml.open("ResponseMetadata").element("RequestId", requestId).close("ResponseMetadata");
        xml.close(action + "Response");
        return xml.toString();
    }

    static String error(String namespace, AwsError error, String requestId) {
        Xml xml = new Xml();
        xml.out.append("<ErrorResponse xmlns=\"").append(namespace).append("\">");
        xml.open("Error")
                .element("Type", error.type())
                .element("Code", error.code())
                .element("Message", error.getMessage())
                .close("Error");
        xml.element("RequestId", requestId);
        xml.close("ErrorResponse");
        return xml.toString();
    }

    static void escape(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#13;");
                case '\n', '\t' -> out.append(c);
                default -> {
                    if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return out.toString();
    }

    @FunctionalInterface
    interface Body {
        void write(Xml xml);
    }
}
