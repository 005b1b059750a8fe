package dev.eksrole.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Amazon EKS over REST-JSON, as the SDK's {@code eks} model and the AWS CLI speak it: ListClusters,
 * DescribeCluster, ListNodegroups, DescribeNodegroup, ListAccessEntries, DescribeAccessEntry,
 * ListAssociatedAccessPolicies, CreateAccessEntry and DeleteAccessEntry.
 *
 * <p>A request is EKS's when its SigV4 credential scope names the service {@code eks} (or, unsigned, when
 * its path starts with {@code /clusters}). It acts in the caller's account and in the region of its
 * credential scope: clusters live per account and region. Errors carry their type in
 * {@code x-amzn-ErrorType} and a JSON body with {@code message}, as EKS answers them.
 */
final class EksApi {

    /** EKS's rule for node group names: a letter or digit, then letters, digits, hyphens and underscores. */
    static final Pattern NODEGROUP_NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_-]{0,62}");
    private static final int MAX_RESULTS = 100;

    private final FakeAws aws;

    EksApi(FakeAws aws) {
        this.aws = aws;
    }

    /** An EKS error answer: HTTP status, the error type and the JSON members beside {@code message}. */
    static final class EksError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String code;
        private final Map<String, String> members = new LinkedHashMap<>();

        EksError(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }

        EksError with(String member, String value) {
            members.put(member, value);
            return this;
        }

        int status() {
            return status;
        }

        String code() {
            return code;
        }

        String body() {
            ObjectNode body = EksJson.MAPPER.createObjectNode();
            members.forEach(body::put);
            body.put("message", getMessage());
            return EksJson.write(body);
        }
    }

    /** The operation a method and path name, with its path parameters decoded. */
    private record Route(String operation, String cluster, String item) {

        static Route of(String method, String rawPath) {
            String[] raw = rawPath.replaceAll("^/+|/+$", "").split("/", -1);
            if (raw.length == 0 || !raw[0].equals("clusters")) {
                return null;
            }
            String[] s = new String[raw.length];
            for (int i = 0; i < raw.length; i++) {
                s[i] = decode(raw[i]);
            }
            String op = switch (s.length) {
                case 1 -> method.equals("GET") ? "ListClusters" : null;
                case 2 -> method.equals("GET") ? "DescribeCluster" : null;
                case 3 -> switch (s[2] + " " + method) {
                    case "node-groups GET" -> "ListNodegroups";
                    case "access-entries GET" -> "ListAccessEntries";
                    case "access-entries POST" -> "CreateAccessEntry";
                    default -> null;
                };
                case 4 -> switch (s[2] + " " + method) {
                    case "node-groups GET" -> "DescribeNodegroup";
                    case "access-entries GET" -> "DescribeAccessEntry";
                    case "access-entries DELETE" -> "DeleteAccessEntry";
                    default -> null;
                };
                case 5 -> s[2].equals("access-entries") && s[4].equals("access-policies") && method.equals("GET")
                        ? "ListAssociatedAccessPolicies" : null;
                default -> null;
            };
            return op == null ? null : new Route(op, s.length > 1 ? s[1] : null, s.length > 3 ? s[3] : null);
        }

        /** Path parameters under the SDK's member names, for the record of the call. */
        void describe(Map<String, String> into) {
            if (cluster != null) {
                into.put(operation.equals("DescribeCluster") ? "name" : "clusterName", cluster);
            }
            if (item != null) {
                into.put(operation.equals("DescribeNodegroup") ? "nodegroupName" : "principalArn", item);
            }
        }
    }

    /** Whether the request is for EKS: signed for the service {@code eks}, or unsigned and under {@code /clusters}. */
    static boolean isEks(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header != null) {
            try {
                return SigV4.parse(header).service().equals("eks");
            } catch (AwsError e) {
                // a malformed header: tell by the path
            }
        }
        String path = exchange.getRequestURI().getRawPath();
        return path != null && (path.equals("/clusters") || path.startsWith("/clusters/"));
    }

    FakeAws.Answer handle(HttpExchange exchange, byte[] body, Instant at, String requestId) {
        String method = exchange.getRequestMethod();
        Map<String, String> recorded = new LinkedHashMap<>();
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        String operation = null;
        SigV4.Authorization auth = null;
        String accountId = null;
        try {
            Route route = Route.of(method, exchange.getRequestURI().getRawPath());
            operation = route == null ? null : route.operation();
            Map<String, String> query = new LinkedHashMap<>();
            FakeAws.parseForm(exchange.getRequestURI().getRawQuery(), query);
            if (header == null) {
                throw new EksError(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
            }
            auth = SigV4.parse(header);
            Identity caller = aws.authenticate(auth, exchange, body, at);
            accountId = caller.accountId();
            if (route == null) {
                throw new EksError(404, "UnknownOperationException",
                        "No EKS operation the fake answers is " + method + " " + exchange.getRequestURI().getRawPath());
            }
            route.describe(recorded);
            recorded.putAll(query);
            JsonNode input = parseBody(method, body, recorded);
            aws.injectFault(operation);
            String odd = aws.pollOddAnswer(operation);
            String json = odd != null ? (odd.equals("EMPTY") ? "{}" : odd)
                    : answer(route, query, input, caller, auth.region());
            record(operation, auth, accountId, recorded, 200, null, at);
            return new FakeAws.Answer(200, json, requestId, "application/json", null);
        } catch (RuntimeException e) {
            EksError error = e instanceof EksError eks ? eks
                    : e instanceof AwsError awsError ? translate(awsError)
                    : new EksError(500, "ServerException", "Internal failure in the fake: " + e);
            record(operation, auth, accountId, recorded, error.status(), error.code(), at);
            return new FakeAws.Answer(error.status(), error.body(), requestId, "application/json", error.code());
        }
    }

    private void record(String operation, SigV4.Authorization auth, String accountId, Map<String, String> params,
            int status, String errorCode, Instant at) {
        aws.record(new RecordedCall("eks", operation, auth == null ? null : auth.accessKeyId(), accountId,
                Collections.unmodifiableMap(params), status, errorCode, auth == null ? null : auth.region(), at));
    }

    /** The signing, credential, query-string and injected faults as a REST-JSON service words them. */
    private static EksError translate(AwsError e) {
        return switch (e.code()) {
            case "InvalidClientTokenId" -> new EksError(403, "UnrecognizedClientException", e.getMessage());
            case "SignatureDoesNotMatch" -> new EksError(403, "InvalidSignatureException", e.getMessage());
            case "ExpiredToken" -> new EksError(403, "ExpiredTokenException", e.getMessage());
            case "IncompleteSignature" -> new EksError(400, "IncompleteSignatureException", e.getMessage());
            case "Throttling" -> new EksError(429, "ThrottlingException", e.getMessage());
            case "AccessDenied" -> new EksError(403, "AccessDeniedException", e.getMessage());
            case "MalformedQueryString" -> new EksError(400, "InvalidParameterException", e.getMessage());
            default -> new EksError(e.status(), e.code(), e.getMessage());
        };
    }

    private String answer(Route r, Map<String, String> q, JsonNode in, Identity caller, String region) {
        FakeAccount account = aws.accountOrNull(caller.accountId());
        if (account == null) {
            throw new EksError(403, "UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        String clusterArn = "arn:" + account.partition() + ":eks:" + region + ":" + account.accountId() + ":cluster/"
                + (r.cluster() == null ? "*" : r.cluster());
        return switch (r.operation()) {
            case "ListClusters" -> {
                authorize(caller, account, r, region, clusterArn);
                Page<FakeCluster> page = page(account.clusters(region), FakeCluster::name, q, "c");
                ObjectNode out = EksJson.MAPPER.createObjectNode();
                ArrayNode clusters = out.putArray("clusters");
                page.items().forEach(c -> clusters.add(c.name()));
                yield withToken(out, page);
            }
            case "DescribeCluster" -> {
                authorize(caller, account, r, region, clusterArn);
                yield wrap("cluster", EksJson.cluster(cluster(account, region, r.cluster())));
            }
            case "ListNodegroups" -> {
                authorize(caller, account, r, region, clusterArn);
                FakeCluster cluster = cluster(account, region, r.cluster());
                Page<FakeCluster.Nodegroup> page = page(cluster.nodegroups(), FakeCluster.Nodegroup::name, q, "n");
                ObjectNode out = EksJson.MAPPER.createObjectNode();
                ArrayNode names = out.putArray("nodegroups");
                page.items().forEach(ng -> names.add(ng.name()));
                yield withToken(out, page);
            }
            case "DescribeNodegroup" -> describeNodegroup(r, caller, account, region);
            case "ListAccessEntries" -> {
                authorize(caller, account, r, region, clusterArn);
                FakeCluster cluster = accessEntryCluster(account, region, r.cluster());
                String policyArn = q.get("associatedPolicyArn");
                List<FakeCluster.AccessEntry> entries = new ArrayList<>();
                for (FakeCluster.AccessEntry e : cluster.accessEntries()) {
                    if (policyArn == null || e.policies().stream().anyMatch(p -> p.policyArn().equals(policyArn))) {
                        entries.add(e);
                    }
                }
                Page<FakeCluster.AccessEntry> page = page(entries, e -> FakeCluster.key(e.principalArn()), q, "a");
                ObjectNode out = EksJson.MAPPER.createObjectNode();
                ArrayNode principals = out.putArray("accessEntries");
                page.items().forEach(e -> principals.add(e.principalArn()));
                yield withToken(out, page);
            }
            case "DescribeAccessEntry" -> {
                FakeCluster.AccessEntry entry = accessEntry(r, caller, account, region, clusterArn);
                yield wrap("accessEntry", EksJson.accessEntry(r.cluster(), entry));
            }
            case "ListAssociatedAccessPolicies" -> {
                FakeCluster.AccessEntry entry = accessEntry(r, caller, account, region, clusterArn);
                Page<FakeCluster.AccessPolicy> page = page(entry.policies(), FakeCluster.AccessPolicy::policyArn, q, "p");
                ObjectNode out = EksJson.MAPPER.createObjectNode();
                out.put("clusterName", r.cluster()).put("principalArn", entry.principalArn());
                ArrayNode policies = out.putArray("associatedAccessPolicies");
                page.items().forEach(p -> policies.add(EksJson.accessPolicy(p)));
                yield withToken(out, page);
            }
            case "CreateAccessEntry" -> {
                authorize(caller, account, r, region, clusterArn);
                FakeCluster cluster = accessEntryCluster(account, region, r.cluster());
                FakeCluster.AccessEntry entry = AccessEntryRequests.create(aws, account, cluster, in);
                yield wrap("accessEntry", EksJson.accessEntry(cluster.name(), entry));
            }
            case "DeleteAccessEntry" -> {
                FakeCluster.AccessEntry entry = accessEntry(r, caller, account, region, clusterArn);
                accessEntryCluster(account, region, r.cluster()).deleteAccessEntry(entry.principalArn());
                yield "{}";
            }
            default -> throw new IllegalStateException(r.operation());
        };
    }

    private String describeNodegroup(Route r, Identity caller, FakeAccount account, String region) {
        FakeCluster existing = account.cluster(region, r.cluster());
        FakeCluster.Nodegroup known = existing == null ? null : existing.nodegroup(r.item());
        String resource = known != null ? known.arn()
                : "arn:" + account.partition() + ":eks:" + region + ":" + account.accountId() + ":nodegroup/"
                        + r.cluster() + "/" + r.item() + "/*";
        authorize(caller, account, r, region, resource);
        if (!NODEGROUP_NAME.matcher(r.item()).matches()) {
            throw new EksError(400, "InvalidParameterException", "The nodegroup name parameter contains invalid"
                    + " characters. It should begin with letter or digit and can have any of the following characters:"
                    + " the set of Unicode letters, digits, hyphens and underscores.").with("clusterName", r.cluster());
        }
        FakeCluster cluster = cluster(account, region, r.cluster());
        FakeCluster.Nodegroup ng = cluster.nodegroup(r.item());
        if (ng == null) {
            throw new EksError(404, "ResourceNotFoundException", "No node group found for name: " + r.item() + ".")
                    .with("clusterName", r.cluster()).with("nodegroupName", r.item());
        }
        return wrap("nodegroup", EksJson.nodegroup(ng));
    }

    /**
     * The access entry a path names, after authorizing the call on it (on the cluster's ARN when the cluster is not
     * there); ResourceNotFoundException when there is none.
     */
    private FakeCluster.AccessEntry accessEntry(Route r, Identity caller, FakeAccount account, String region, String clusterArn) {
        FakeCluster existing = account.cluster(region, r.cluster());
        FakeCluster.AccessEntry known = existing == null ? null : existing.accessEntry(r.item());
        String resource = known != null ? known.arn()
                : existing != null ? existing.accessEntryArn(r.item(), "*")
                : clusterArn;
        authorize(caller, account, r, region, resource);
        FakeCluster cluster = accessEntryCluster(account, region, r.cluster());
        FakeCluster.AccessEntry entry = cluster.accessEntry(r.item());
        if (entry == null) {
            throw new EksError(404, "ResourceNotFoundException", "The specified principalArn could not be found."
                    + " You can view your available access entries with 'list-access-entries'.")
                    .with("clusterName", r.cluster());
        }
        return entry;
    }

    private static FakeCluster cluster(FakeAccount account, String region, String name) {
        FakeCluster cluster = account.cluster(region, name);
        if (cluster == null) {
            throw new EksError(404, "ResourceNotFoundException", "No cluster found for name: " + name + ".")
                    .with("clusterName", name);
        }
        return cluster;
    }

    /** The cluster, which must take access entries: a {@code CONFIG_MAP} cluster refuses every access entry call. */
    private static FakeCluster accessEntryCluster(FakeAccount account, String region, String name) {
        FakeCluster cluster = cluster(account, region, name);
        if (cluster.authenticationMode().equals("CONFIG_MAP")) {
            throw new EksError(400, "InvalidRequestException", "The cluster's authentication mode must be set to one of"
                    + " [API, API_AND_CONFIG_MAP] to perform this operation.").with("clusterName", name);
        }
        return cluster;
    }

    private static void authorize(Identity caller, FakeAccount account, Route r, String region, String resource) {
        String denial = account.denial(caller, "eks:" + r.operation(), resource, Map.of("aws:requestedregion", region));
        if (denial != null) {
            throw new EksError(403, "AccessDeniedException", denial);
        }
    }

    // ---- pagination ----

    private record Page<T>(List<T> items, String nextToken) {
    }

    /** A page of a sorted list: {@code nextToken} names the last key given, so a page never repeats or skips. */
    private static <T> Page<T> page(List<T> sorted, Function<T, String> key, Map<String, String> q, String kind) {
        int max = MAX_RESULTS;
        if (q.containsKey("maxResults")) {
            try {
                max = Integer.parseInt(q.get("maxResults").trim());
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 1 || max > MAX_RESULTS) {
                throw new EksError(400, "InvalidParameterException", "maxResults must be between 1 and " + MAX_RESULTS + ".");
            }
        }
        String after = q.containsKey("nextToken") ? decodeToken(q.get("nextToken"), kind) : null;
        List<T> rest = new ArrayList<>();
        for (T t : sorted) {
            if (after == null || key.apply(t).compareTo(after) > 0) {
                rest.add(t);
            }
        }
        List<T> items = List.copyOf(rest.subList(0, Math.min(max, rest.size())));
        String next = rest.size() > max ? encodeToken(kind, key.apply(items.get(items.size() - 1))) : null;
        return new Page<>(items, next);
    }

    private static String encodeToken(String kind, String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("eks-" + kind + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token, String kind) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (raw.startsWith("eks-" + kind + ":")) {
                return raw.substring(kind.length() + 5);
            }
        } catch (IllegalArgumentException e) {
            // not one of ours
        }
        throw new EksError(400, "InvalidParameterException", "The nextToken parameter is invalid.");
    }

    private static String withToken(ObjectNode out, Page<?> page) {
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return EksJson.write(out);
    }

    private static String wrap(String name, ObjectNode value) {
        ObjectNode out = EksJson.MAPPER.createObjectNode();
        out.set(name, value);
        return EksJson.write(out);
    }

    // ---- request parsing ----

    private static JsonNode parseBody(String method, byte[] body, Map<String, String> recorded) {
        if (!method.equals("POST")) {
            return EksJson.MAPPER.createObjectNode();
        }
        JsonNode in;
        try {
            in = body.length == 0 ? EksJson.MAPPER.createObjectNode() : EksJson.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new EksError(400, "SerializationException", "The request body is not valid JSON.");
        }
        if (in == null || !in.isObject()) {
            throw new EksError(400, "SerializationException", "The request body is not a JSON object.");
        }
        for (String field : List.of("principalArn", "type", "username", "clientRequestToken")) {
            if (in.hasNonNull(field)) {
                recorded.put(field, in.get(field).asText());
            }
        }
        if (in.has("kubernetesGroups") && in.get("kubernetesGroups").isArray()) {
            List<String> groups = new ArrayList<>();
            in.get("kubernetesGroups").forEach(g -> groups.add(g.asText()));
            recorded.put("kubernetesGroups", String.join(",", groups));
        }
        return in;
    }

    /** Percent-decodes a path segment; unlike a form, a path keeps {@code +} as it is. */
    static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new EksError(400, "InvalidParameterException", "Malformed path segment: " + segment);
        }
    }
}
