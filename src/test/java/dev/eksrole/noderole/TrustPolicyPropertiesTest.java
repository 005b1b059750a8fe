package dev.eksrole.noderole;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The trust rule judges meaning, not text: every formatting of the documented trust passes, and every
 * single change of meaning, in any formatting, is reported. Property-based: each case is drawn from
 * a seeded generator, so a failure names the seed that reproduces it.
 */
class TrustPolicyPropertiesTest {

    private static final int TRIES = 300;
    private static final List<String> WHITESPACE = List.of("", " ", "  ", "\n", "\t", "\r\n", "\n    ", " \n\t ");

    private final TrustPolicyRule rule = new TrustPolicyRule();

    static LongStream seeds() {
        return LongStream.range(0, TRIES).map(i -> 0x5EED_0000L + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anyFormattingOfTheDocumentedTrustGivesNoFinding(long seed) {
        Random random = new Random(seed);
        Partition partition = partition(random);
        String document = formatting(random).render(Trust.documented(partition));

        assertThat(rule.evaluate(document, partition)).as("seed %d: %s", seed, document).isEmpty();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anySingleChangeOfMeaningGivesAFinding(long seed) {
        Random random = new Random(seed);
        Partition partition = partition(random);
        List<Mutation> mutations = mutations();
        Mutation mutation = mutations.get(random.nextInt(mutations.size()));
        String document = formatting(random).render(mutation.change().apply(Trust.documented(partition)));

        Optional<Finding> finding = rule.evaluate(document, partition);

        assertThat(finding).as("seed %d, %s in %s", seed, mutation.name(), document).isPresent();
        assertThat(finding.get().code()).as(mutation.name()).isEqualTo(mutation.expected());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theRendererWritesValidJsonThatTheParserReadsBack(long seed) {
        String document = formatting(new Random(seed)).render(Trust.documented(Partition.AWS));

        assertThat(TrustPolicy.parse(document)).as(document).hasValueSatisfying(trust -> {
            assertThat(trust.version()).isEqualTo(TrustPolicy.DOCUMENTED_VERSION);
            assertThat(trust.statements()).singleElement().satisfies(s -> {
                assertThat(s.principalValues("Service")).containsExactly("ec2.amazonaws.com");
                assertThat(s.actions()).singleElement().satisfies(a -> assertThat(a).isEqualToIgnoringCase("sts:AssumeRole"));
            });
        });
    }

    @org.junit.jupiter.api.Test
    void everyMutationIsDrawnWithinTheTries() {
        int drawn = (int) seeds().mapToObj(Random::new)
                .peek(TrustPolicyPropertiesTest::partition)
                .map(r -> mutations().get(r.nextInt(mutations().size())).name())
                .distinct().count();
        assertThat(drawn).isEqualTo(mutations().size());
    }

    private static Partition partition(Random random) {
        return random.nextBoolean() ? Partition.AWS : Partition.AWS_CN;
    }

    private static Formatting formatting(Random random) {
        Shape shape = new Shape(random.nextBoolean(), random.nextBoolean(), random.nextBoolean(), random.nextBoolean());
        Optional<String> sid = random.nextBoolean() ? Optional.empty() : Optional.of(alphanumeric(random, random.nextInt(13)));
        List<String> rootKeys = new ArrayList<>(List.of("Version", "Statement"));
        Collections.shuffle(rootKeys, random);
        List<String> statementKeys = new ArrayList<>(List.of("Sid", "Effect", "Principal", "Action", "Condition"));
        Collections.shuffle(statementKeys, random);
        List<String> whitespace = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            whitespace.add(WHITESPACE.get(random.nextInt(WHITESPACE.size())));
        }
        return new Formatting(shape, sid, rootKeys, statementKeys, whitespace, random.nextLong());
    }

    private static String alphanumeric(Random random, int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    static List<Mutation> mutations() {
        FindingCode keepsOut = FindingCode.TRUST_DOES_NOT_ALLOW_EC2;
        FindingCode differs = FindingCode.TRUST_NOT_EXACT;
        String root = "arn:aws:iam::111111111111:root";
        return List.of(
                new Mutation("Effect Deny", keepsOut, t -> t.withEffect("Deny")),
                new Mutation("Effect misspelt", keepsOut, t -> t.withEffect("Alow")),
                new Mutation("service eks instead of ec2", keepsOut, t -> t.withServices(List.of("eks.amazonaws.com"))),
                new Mutation("the other partition's ec2 principal", keepsOut, t -> t.withServices(List.of(otherEc2(t)))),
                new Mutation("account principal instead of ec2", keepsOut,
                        t -> t.withServices(List.of()).withOtherPrincipal("AWS", root)),
                new Mutation("web-identity action instead", keepsOut, t -> t.withActions(List.of("sts:AssumeRoleWithWebIdentity"))),
                new Mutation("tag-session action instead", keepsOut, t -> t.withActions(List.of("sts:TagSession"))),
                new Mutation("no statement", keepsOut, t -> t.withoutStatement()),
                new Mutation("a deny for ec2 beside the allow", keepsOut, t -> t.withExtraStatement(
                        "{\"Effect\": \"Deny\", \"Principal\": {\"Service\": \"" + t.services().get(0) + "\"}, \"Action\": \"sts:AssumeRole\"}")),
                new Mutation("a deny for everyone beside the allow", keepsOut, t -> t.withExtraStatement(
                        "{\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"sts:*\"}")),
                new Mutation("extra service", differs, t -> t.withServices(List.of(t.services().get(0), "eks.amazonaws.com"))),
                new Mutation("both ec2 principals", differs, t -> t.withServices(List.of(t.services().get(0), otherEc2(t)))),
                new Mutation("extra account principal", differs, t -> t.withOtherPrincipal("AWS", root)),
                new Mutation("extra wildcard principal", differs, t -> t.withOtherPrincipal("AWS", "*")),
                new Mutation("extra federated principal", differs,
                        t -> t.withOtherPrincipal("Federated", TrustDocuments.OIDC_PROVIDER_ARN)),
                new Mutation("extra action", differs, t -> t.withActions(List.of("sts:AssumeRole", "sts:TagSession"))),
                new Mutation("wildcard sts action", differs, t -> t.withActions(List.of("sts:*"))),
                new Mutation("wildcard action", differs, t -> t.withActions(List.of("*"))),
                new Mutation("condition", differs,
                        t -> t.withCondition("{\"StringEquals\": {\"aws:SourceAccount\": \"111111111111\"}}")),
                new Mutation("old Version", differs, t -> t.withVersion("2008-10-17")),
                new Mutation("no Version", differs, t -> t.withVersion(null)),
                new Mutation("extra allow statement", differs, t -> t.withExtraStatement(
                        "{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"" + root + "\"}, \"Action\": \"sts:AssumeRole\"}")),
                new Mutation("extra deny for someone else", differs, t -> t.withExtraStatement(
                        "{\"Effect\": \"Deny\", \"Principal\": {\"AWS\": \"arn:aws:iam::222222222222:root\"}, \"Action\": \"sts:AssumeRole\"}")));
    }

    private static String otherEc2(Trust trust) {
        return trust.services().get(0).equals(Partition.AWS_CN.ec2ServicePrincipal())
                ? Partition.AWS.ec2ServicePrincipal()
                : Partition.AWS_CN.ec2ServicePrincipal();
    }

    record Mutation(String name, FindingCode expected, UnaryOperator<Trust> change) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * A trust of at most one main statement, by meaning.
     *
     * @param version null for none
     * @param condition raw JSON of the Condition element, or null
     * @param extraStatements raw JSON of further statements, written after the main one
     */
    record Trust(String version, boolean hasStatement, String effect, List<String> services,
            Map<String, String> otherPrincipals, List<String> actions, String condition, List<String> extraStatements) {

        static Trust documented(Partition partition) {
            return new Trust(TrustPolicy.DOCUMENTED_VERSION, true, "Allow", List.of(partition.ec2ServicePrincipal()), Map.of(),
                    List.of("sts:AssumeRole"), null, List.of());
        }

        Trust withEffect(String newEffect) {
            return new Trust(version, hasStatement, newEffect, services, otherPrincipals, actions, condition, extraStatements);
        }

        Trust withServices(List<String> newServices) {
            return new Trust(version, hasStatement, effect, newServices, otherPrincipals, actions, condition, extraStatements);
        }

        Trust withOtherPrincipal(String type, String value) {
            Map<String, String> others = new LinkedHashMap<>(otherPrincipals);
            others.put(type, value);
            return new Trust(version, hasStatement, effect, services, others, actions, condition, extraStatements);
        }

        Trust withActions(List<String> newActions) {
            return new Trust(version, hasStatement, effect, services, otherPrincipals, newActions, condition, extraStatements);
        }

        Trust withCondition(String newCondition) {
            return new Trust(version, hasStatement, effect, services, otherPrincipals, actions, newCondition, extraStatements);
        }

        Trust withVersion(String newVersion) {
            return new Trust(newVersion, hasStatement, effect, services, otherPrincipals, actions, condition, extraStatements);
        }

        Trust withoutStatement() {
            return new Trust(version, false, effect, services, otherPrincipals, actions, condition, List.of());
        }

        Trust withExtraStatement(String statement) {
            List<String> extra = new ArrayList<>(extraStatements);
            extra.add(statement);
            return new Trust(version, hasStatement, effect, services, otherPrincipals, actions, condition, extra);
        }
    }

    record Shape(boolean statementAsList, boolean serviceAsList, boolean actionAsList, boolean urlEncoded) {}

    /**
     * How a trust is written: everything that must not change its meaning.
     *
     * @param whitespace the whitespace put between tokens, used in turn
     * @param actionCaseMask bit i set upper-cases the i-th letter of each action
     */
    record Formatting(Shape shape, Optional<String> sid, List<String> rootKeyOrder, List<String> statementKeyOrder,
            List<String> whitespace, long actionCaseMask) {

        String render(Trust trust) {
            Map<String, Object> root = new LinkedHashMap<>();
            for (String key : rootKeyOrder) {
                if (key.equals("Version") && trust.version() != null) {
                    root.put("Version", trust.version());
                } else if (key.equals("Statement")) {
                    root.put("Statement", statements(trust));
                }
            }
            String json = new Writer(whitespace).write(root);
            return shape.urlEncoded() ? URLEncoder.encode(json, StandardCharsets.UTF_8).replace("+", "%20") : json;
        }

        private Object statements(Trust trust) {
            List<Object> all = new ArrayList<>();
            if (trust.hasStatement()) {
                all.add(mainStatement(trust));
            }
            trust.extraStatements().forEach(s -> all.add(new RawJson(s)));
            return all.size() == 1 && !shape.statementAsList() ? all.get(0) : all;
        }

        private Map<String, Object> mainStatement(Trust trust) {
            Map<String, Object> principal = new LinkedHashMap<>();
            if (!trust.services().isEmpty()) {
                principal.put("Service", oneOrList(trust.services(), shape.serviceAsList()));
            }
            principal.putAll(trust.otherPrincipals());
            List<String> actions = trust.actions().stream().map(this::recase).toList();

            Map<String, Object> statement = new LinkedHashMap<>();
            for (String key : statementKeyOrder) {
                switch (key) {
                    case "Sid" -> sid.ifPresent(s -> statement.put("Sid", s));
                    case "Effect" -> statement.put("Effect", trust.effect());
                    case "Principal" -> statement.put("Principal", principal);
                    case "Action" -> statement.put("Action", oneOrList(actions, shape.actionAsList()));
                    case "Condition" -> {
                        if (trust.condition() != null) {
                            statement.put("Condition", new RawJson(trust.condition()));
                        }
                    }
                    default -> throw new IllegalStateException(key);
                }
            }
            return statement;
        }

        private static Object oneOrList(List<String> values, boolean asList) {
            return values.size() == 1 && !asList ? values.get(0) : values;
        }

        private String recase(String action) {
            StringBuilder recased = new StringBuilder();
            for (int i = 0; i < action.length(); i++) {
                char c = action.charAt(i);
                boolean upper = (actionCaseMask >>> (i % 64) & 1) == 1;
                recased.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            }
            return recased.toString();
        }
    }

    record RawJson(String text) {}

    /** Writes maps, lists and strings as JSON, with the given whitespace between every two tokens. */
    static final class Writer {
        private final List<String> whitespace;
        private final StringBuilder out = new StringBuilder();
        private int next;

        Writer(List<String> whitespace) {
            this.whitespace = whitespace;
        }

        String write(Object value) {
            space();
            value(value);
            space();
            return out.toString();
        }

        private void space() {
            out.append(whitespace.get(next++ % whitespace.size()));
        }

        private void value(Object value) {
            if (value instanceof Map<?, ?> map) {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    space();
                    string(entry.getKey().toString());
                    space();
                    out.append(':');
                    space();
                    value(entry.getValue());
                    space();
                }
                out.append('}');
            } else if (value instanceof List<?> list) {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    space();
                    value(list.get(i));
                    space();
                }
                out.append(']');
            } else if (value instanceof RawJson raw) {
                out.append(raw.text());
            } else {
                string(value.toString());
            }
        }

        private void string(String text) {
            out.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
    }
}
