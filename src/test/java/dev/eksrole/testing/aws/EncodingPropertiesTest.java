package dev.eksrole.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.LongStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fake's percent-encoding and XML escaping round-trip for arbitrary text (seeded random cases). */
class EncodingPropertiesTest {

    static LongStream seeds() {
        return LongStream.range(0, 300).map(i -> 0xE1C0_0000L + i);
    }

    /** Printable ASCII, Latin-1 and BMP text below the surrogates, plus newline, tab and carriage return. */
    static String text(Random random) {
        int length = random.nextInt(40);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind < 6) {
                text.append((char) (' ' + random.nextInt('~' - ' ' + 1)));
            } else if (kind < 9) {
                text.append((char) (0xa0 + random.nextInt(0xd7ff - 0xa0 + 1)));
            } else {
                text.append("\n\t\r".charAt(random.nextInt(3)));
            }
        }
        return text.toString();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void uriEncodingRoundTripsAndUsesOnlyUnreservedCharacters(long seed) {
        String text = text(new Random(seed)).replaceAll("[\n\t\r]", " ");
        String encoded = Ids.uriEncode(text);
        assertThat(encoded).matches("[A-Za-z0-9\\-_.~%]*");
        assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void xmlEscapingRoundTripsThroughAParser(long seed) throws Exception {
        String text = text(new Random(seed));
        String xml = "<a>" + new Xml().element("b", text) + "</a>";
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTextContent()).isEqualTo(text);
    }
}
