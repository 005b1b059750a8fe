package dev.eksrole.metrics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape of {@code GET /metrics}, read strictly by the grammar of Prometheus' text format 0.0.4: every line a
 * HELP, a TYPE or a sample; every sample of a family whose TYPE came first; label values escaped as the format says.
 * A line that breaks the grammar fails the read with the line.
 */
record Exposition(String contentType, Map<String, String> types, Map<String, Double> samples, List<Map<String, String>> labelSets) {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)( -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Pattern VALUE = Pattern.compile("[+-]?(Inf|NaN|\\d+(\\.\\d+)?([eE][+-]?\\d+)?|\\.\\d+)");

    static Exposition scrape(URI uri) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return parse(response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    static Exposition parse(String contentType, String text) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, Double> samples = new TreeMap<>();
        List<Map<String, String>> labelSets = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                continue;
            }
            if ((m = TYPE.matcher(line)).matches()) {
                if (types.put(m.group(1), m.group(2)) != null) {
                    throw new AssertionError("a second TYPE for " + m.group(1));
                }
                continue;
            }
            if (line.startsWith("#") || !(m = SAMPLE.matcher(line)).matches()) {
                throw new AssertionError("not Prometheus text format: " + line);
            }
            String name = m.group(1);
            if (family(name, types) == null) {
                throw new AssertionError("a sample before its family's TYPE: " + line);
            }
            if (!VALUE.matcher(m.group(4)).matches()) {
                throw new AssertionError("not a value: " + line);
            }
            Map<String, String> labels = new TreeMap<>();
            String body = m.group(3) == null ? "" : m.group(3);
            Matcher label = LABEL.matcher(body);
            int at = 0;
            while (at < body.length()) {
                if (!label.find(at) || label.start() != at) {
                    throw new AssertionError("bad labels: " + line);
                }
                labels.put(label.group(1), label.group(2));
                at = label.end();
            }
            labelSets.add(labels);
            String key = name + (labels.isEmpty() ? "" : labels.toString());
            if (samples.put(key, Double.parseDouble(m.group(4).replace("Inf", "Infinity"))) != null) {
                throw new AssertionError("a series twice: " + line);
            }
        }
        return new Exposition(contentType, types, samples, labelSets);
    }

    /** The family a sample belongs to: its own name, or the name less a histogram's or summary's suffix. */
    private static String family(String sample, Map<String, String> types) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : List.of("_bucket", "_count", "_sum")) {
            if (sample.endsWith(suffix) && types.containsKey(sample.substring(0, sample.length() - suffix.length()))) {
                return sample.substring(0, sample.length() - suffix.length());
            }
        }
        return null;
    }

    /** The value of one series, labels given as name, value pairs in any order; fails when there is no such series. */
    double value(String name, String... labels) {
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        String key = name + (wanted.isEmpty() ? "" : wanted.toString());
        Double value = samples.get(key);
        if (value == null) {
            throw new AssertionError("no series " + key + " in the scrape; it has " + samples.keySet().stream()
                    .filter(k -> k.startsWith(name)).toList());
        }
        return value;
    }

    /** The sum over every series of a name whose labels include these. */
    double sum(String name, String... labels) {
        double sum = 0;
        for (Map.Entry<String, Double> sample : samples.entrySet()) {
            if (sample.getKey().equals(name) || sample.getKey().startsWith(name + "{")) {
                boolean all = true;
                for (int i = 0; i < labels.length; i += 2) {
                    all &= sample.getKey().contains(labels[i] + "=" + labels[i + 1] + ",")
                            || sample.getKey().contains(labels[i] + "=" + labels[i + 1] + "}");
                }
                sum += all ? sample.getValue() : 0;
            }
        }
        return sum;
    }

    /** Every family name eksrole registers itself. */
    Set<String> eksroleFamilies() {
        Set<String> names = new LinkedHashSet<>();
        types.keySet().stream().filter(n -> n.startsWith("eksrole_")).forEach(names::add);
        return names;
    }
}
