package dev.eksrole.testing.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.endpoints.EndpointUrl;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.endpoints.IamEndpointProvider;
import software.amazon.awssdk.services.sts.endpoints.StsEndpointProvider;

/**
 * A wire-level fake of AWS IAM and STS (AWS Query protocol) and Amazon EKS (REST-JSON) on a loopback
 * HTTP port.
 *
 * <p>The real SDK talks to it through {@code endpointOverride(fake.endpoint())}, the system properties
 * {@code aws.endpointUrlIam} / {@code aws.endpointUrlSts} / {@code aws.endpointUrlEks}, or the environment
 * variables {@code AWS_ENDPOINT_URL_IAM} / {@code AWS_ENDPOINT_URL_STS} / {@code AWS_ENDPOINT_URL_EKS}; the
 * AWS CLI through {@code --endpoint-url}. One endpoint serves every service; a request is routed by the
 * service name in its SigV4 credential scope, falling back to its {@code Action} (and, for EKS, to a path
 * under {@code /clusters}).
 *
 * <p>IAM covers roles, managed policy attachments, tags and instance profiles
 * (ListInstanceProfilesForRole, GetInstanceProfile, CreateInstanceProfile, AddRoleToInstanceProfile,
 * RemoveRoleFromInstanceProfile, DeleteInstanceProfile). EKS covers ListClusters, DescribeCluster,
 * ListNodegroups, DescribeNodegroup, ListAccessEntries, DescribeAccessEntry, ListAssociatedAccessPolicies,
 * CreateAccessEntry and DeleteAccessEntry over the clusters each account holds per region
 * ({@link FakeAccount#addCluster}, {@link FakeCluster}): a request acts in the region of its credential
 * scope, pages with {@code maxResults}/{@code nextToken}, and errors arrive as EKS's typed exceptions
 * ({@code ResourceNotFoundException}, {@code AccessDeniedException}, {@code InvalidParameterException},
 * {@code InvalidRequestException}, {@code ResourceInUseException}, {@code ThrottlingException}). EKS calls
 * are recorded with service {@code eks} and the operation name as action, and faults are injected by that
 * name ({@code throttle("ListNodegroups", 2)}).
 *
 * <p>Callers are identified by access key and their SigV4 signatures are verified against the secret
 * the fake issued. IAM calls act in the caller's own account; STS {@code AssumeRole} evaluates the target
 * role's trust policy and issues temporary credentials acting in the target account.
 *
 * <p>Each call is recorded with the region of its SigV4 scope. Note that an IAM client built with
 * {@code endpointOverride} (or the endpoint property / variable) signs with its region id as given,
 * e.g. {@code aws-global}; to get the region real IAM sees ({@code us-east-1}, {@code cn-north-1},
 * {@code us-gov-west-1}) route the client with {@link #iamEndpointProvider()} instead.
 *
 * <p>Like AWS-compatible emulators, the fake takes the partition of a request from the region it is
 * signed for ({@code cn-*} is aws-cn, {@code us-gov-*} aws-us-gov, anything else, {@code aws-cn-global}
 * included, aws). An account read through another partition than its own looks empty: ListRoles and
 * ListEntitiesForPolicy list nothing, and AssumeRole finds no role.
 *
 * <p>It also serves the IAM Identity Center (SSO) portal's {@code GetRoleCredentials} (reached through
 * {@code AWS_ENDPOINT_URL_SSO}) for access tokens given with {@link #ssoAssignment}.
 *
 * <p>Thread-safe. Fault injection ({@link #throttle}, {@link #failNext}, {@link #latency},
 * {@link #eventualConsistency}) is undone by {@link #reset()}.
 */
public final class FakeAws implements AutoCloseable {

    public static final String AWS = "aws";
    public static final String AWS_CN = "aws-cn";
    public static final String AWS_US_GOV = "aws-us-gov";
    public static final List<String> PARTITIONS = List.of(AWS, AWS_CN, AWS_US_GOV);

    /** AWS managed policies present in every partition, at {@code arn:<partition>:iam::aws:policy/<name>}. */
    public static final List<String> AWS_MANAGED_POLICIES = List.of(
            "AmazonEKSWorkerNodePolicy",
            "AmazonEKSWorkerNodeMinimalPolicy",
            "AmazonEC2ContainerRegistryReadOnly",
            "AmazonEC2ContainerRegistryPullOnly",
            "AmazonEKS_CNI_Policy",
            "AmazonEKSClusterPolicy",
            "AmazonSSMManagedInstanceCore",
            "ReadOnlyAccess");

    static final Set<String> STS_ACTIONS = Set.of(
            "GetCallerIdentity", "AssumeRole", "AssumeRoleWithWebIdentity", "AssumeRoleWithSAML",
            "GetSessionToken", "GetFederationToken", "GetAccessKeyInfo", "DecodeAuthorizationMessage",
            "AssumeRoot");

    private static final int THREADS = 16;

    static {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private final URI endpoint;
    private final IamApi iam = new IamApi(this);
    private final StsApi sts = new StsApi(this);
    private final SsoPortalApi sso = new SsoPortalApi(this);
    private final EksApi eks = new EksApi(this);

    private final Map<String, FakeAccount> accounts = new ConcurrentHashMap<>();
    private final Map<String, Identity> identities = new ConcurrentHashMap<>();
    private final List<RecordedCall> calls = new ArrayList<>();
    private final Map<String, Deque<AwsError>> faults = new HashMap<>();
    private final Map<String, Deque<String>> oddAnswers = new HashMap<>();
    private final Map<String, FakeAccount> wrongPartitionViews = new ConcurrentHashMap<>();

    private volatile boolean verifySignatures = true;
    private volatile boolean requireRealSigningRegions = false;
    private volatile Duration latency = Duration.ZERO;
    private volatile Duration eventualConsistency = Duration.ZERO;
    private volatile Clock clock = Clock.systemUTC();

    private FakeAws(int port) {
        AtomicInteger threadCount = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "fake-aws-" + threadCount.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "fake-aws-delay-" + threadCount.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            this.server = HttpServer.create(new InetSocketAddress(loopback, port), 256);
        } catch (IOException e) {
            executor.shutdownNow();
            scheduler.shutdownNow();
            throw new UncheckedIOException("cannot bind 127.0.0.1:" + port, e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Starts a fake on 127.0.0.1 and a free port. */
    public static FakeAws start() {
        return start(0);
    }

    /** Starts a fake on 127.0.0.1 and the given port ({@code 0} for any free port). */
    public static FakeAws start(int port) {
        return new FakeAws(port);
    }

    /** {@code http://127.0.0.1:<port>}, for {@code endpointOverride}. */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * An IAM endpoint provider that resolves exactly like the SDK's default one (so requests are signed
     * with the region and service real IAM expects, e.g. {@code us-east-1} for {@link Region#AWS_GLOBAL})
     * but sends them to this fake. Unlike {@code endpointOverride}, which makes the SDK sign IAM requests
     * with the client's region id ({@code aws-global}, {@code aws-cn-global}, ...).
     */
    public IamEndpointProvider iamEndpointProvider() {
        IamEndpointProvider real = IamEndpointProvider.defaultProvider();
        return params -> real.resolveEndpoint(params.toBuilder().endpoint(null).build())
                .thenApply(e -> e.toBuilder().endpointUrl(EndpointUrl.fromUri(endpoint)).build());
    }

    /** Like {@link #iamEndpointProvider()}, for STS. */
    public StsEndpointProvider stsEndpointProvider() {
        StsEndpointProvider real = StsEndpointProvider.defaultProvider();
        return params -> real.resolveEndpoint(params.toBuilder().endpoint(null).build())
                .thenApply(e -> e.toBuilder().endpointUrl(EndpointUrl.fromUri(endpoint)).build());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        scheduler.shutdownNow();
    }

    // ---- state ----

    /** Adds (or returns the existing) account in partition {@code aws}. */
    public FakeAccount addAccount(String accountId) {
        return addAccount(accountId, AWS);
    }

    /** Adds (or returns the existing) account; fails if it exists in another partition. */
    public FakeAccount addAccount(String accountId, String partition) {
        if (accountId == null || !accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("account id must be 12 digits: " + accountId);
        }
        if (!PARTITIONS.contains(partition)) {
            throw new IllegalArgumentException("unknown partition " + partition + ", expected one of " + PARTITIONS);
        }
        FakeAccount account = accounts.computeIfAbsent(accountId, id -> new FakeAccount(this, id, partition));
        if (!account.partition().equals(partition)) {
            throw new IllegalArgumentException("account " + accountId + " already exists in " + account.partition());
        }
        return account;
    }

    /** The account; {@link IllegalArgumentException} if it was never added. */
    public FakeAccount account(String accountId) {
        FakeAccount account = accounts.get(accountId);
        if (account == null) {
            throw new IllegalArgumentException("no account " + accountId);
        }
        return account;
    }

    public List<FakeAccount> accounts() {
        List<FakeAccount> out = new ArrayList<>(accounts.values());
        out.sort((a, b) -> a.accountId().compareTo(b.accountId()));
        return out;
    }

    /**
     * Creates an IAM user in an existing account and issues it a long-term access key
     * ({@code AKIA...}); each call issues a new key for the same user.
     */
    public Credentials addUser(String accountId, String userName) {
        FakeAccount account = account(accountId);
        FakeAccount.UserState user = account.addUser(userName);
        Identity identity = new Identity(Ids.longTermKeyId(), Ids.secret(), null, accountId, account.partition(),
                user.arn(), user.userId(), user.arn(), user.name(), false, null);
        identities.put(identity.accessKeyId(), identity);
        return identity.credentials();
    }

    /**
     * Lets the holder of an IAM Identity Center access token (as the SDK finds it in its token cache)
     * get credentials for the permission set in the account: the portal answers with a session of the
     * role Identity Center keeps there for it ({@code AWSReservedSSO_<permissionSet>_...}, created on
     * first use), named after the user.
     *
     * @return the name of that role
     */
    public String ssoAssignment(String accessToken, String userName, String accountId, String permissionSet) {
        account(accountId);
        sso.assign(accessToken, userName, accountId, permissionSet);
        return SsoPortalApi.roleName(permissionSet);
    }

    /** Makes the key answer {@code ExpiredToken} from now on. */
    public FakeAws expire(String accessKeyId) {
        identities.computeIfPresent(accessKeyId, (k, id) -> id.expiredCopy());
        return this;
    }

    /** The ARN GetCallerIdentity reports for this key, or {@code null} for an unknown key. */
    public String callerArn(String accessKeyId) {
        Identity id = identities.get(accessKeyId);
        return id == null ? null : id.arn();
    }

    /** The trust policy letting EC2 instances of the partition assume a role. */
    public static String ec2TrustPolicy(String partition) {
        String service = AWS_CN.equals(partition) ? "ec2.amazonaws.com.cn" : "ec2.amazonaws.com";
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"" + service + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    /** {@code arn:<partition>:iam::aws:policy/<name>}. */
    public static String awsManagedPolicyArn(String partition, String policyName) {
        return "arn:" + partition + ":iam::aws:policy/" + policyName;
    }

    /** The region IAM clients of the partition sign with. */
    public static String iamSigningRegion(String partition) {
        return switch (partition) {
            case AWS -> "us-east-1";
            case AWS_CN -> "cn-north-1";
            case AWS_US_GOV -> "us-gov-west-1";
            default -> throw new IllegalArgumentException("unknown partition " + partition);
        };
    }

    // ---- behaviour switches and faults ----

    /** Whether SigV4 signatures are checked (default {@code true}); the access key must be known either way. */
    public FakeAws verifySignatures(boolean verify) {
        this.verifySignatures = verify;
        return this;
    }

    /**
     * When on (default off), requests whose SigV4 scope names a region real AWS would refuse are answered
     * 403: IAM requests must be signed with the partition's IAM region ({@link #iamSigningRegion}), STS
     * requests with a concrete region of the caller's partition. A region of another partition answers
     * {@code InvalidClientTokenId}, a wrong one of the right partition {@code SignatureDoesNotMatch}.
     * Clients built with {@code endpointOverride} and a global region fail this check; clients using
     * {@link #iamEndpointProvider()} / {@link #stsEndpointProvider()} pass it.
     */
    public FakeAws requireRealSigningRegions(boolean require) {
        this.requireRealSigningRegions = require;
        return this;
    }

    /** Delay added before every answer; it does not hold a server thread, so concurrent calls overlap. */
    public FakeAws latency(Duration delay) {
        this.latency = Objects.requireNonNull(delay);
        return this;
    }

    /**
     * The next {@code times} calls of {@code action} ({@code *} for any) answer 400 Throttling (EKS
     * operations: 429 ThrottlingException).
     */
    public FakeAws throttle(String action, int times) {
        return enqueue(action, times, new AwsError(400, "Throttling", "Rate exceeded", "Sender"));
    }

    /** The next {@code times} calls of {@code action} ({@code *} for any) answer this error. */
    public FakeAws failNext(String action, int status, String code, String message, int times) {
        return enqueue(action, times, new AwsError(status, code, message));
    }

    /**
     * The next {@code times} calls of {@code action} answer HTTP 200 with an empty result, e.g. an
     * {@code AssumeRoleResponse} without {@code Credentials}.
     */
    public FakeAws answerEmpty(String action, int times) {
        return enqueueOdd(action, times, "EMPTY");
    }

    /** The next {@code times} calls of {@code action} answer HTTP 200 with a body that is not XML. */
    public FakeAws answerUnreadable(String action, int times) {
        return enqueueOdd(action, times, "<html><body>502 Bad Gateway: upstream closed the connection");
    }

    private FakeAws enqueueOdd(String action, int times, String body) {
        synchronized (faults) {
            Deque<String> queue = oddAnswers.computeIfAbsent(action, a -> new ArrayDeque<>());
            for (int i = 0; i < times; i++) {
                queue.add(body);
            }
        }
        return this;
    }

    /**
     * Roles created over the wire by CreateRole stay invisible (NoSuchEntity) to GetRole,
     * AttachRolePolicy, DetachRolePolicy, ListAttachedRolePolicies, TagRole, ListRoleTags and
     * UpdateAssumeRolePolicy for this long after creation. CreateRole itself still sees them.
     */
    public FakeAws eventualConsistency(Duration delay) {
        this.eventualConsistency = Objects.requireNonNull(delay);
        return this;
    }

    /** The clock behind dates, credential expiry and eventual consistency (default system UTC). */
    public FakeAws clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        return this;
    }

    /**
     * Clears pending faults ({@link #throttle}, {@link #failNext}), latency and eventual consistency.
     * Accounts, identities, recorded calls and the switches ({@link #verifySignatures},
     * {@link #requireRealSigningRegions}, {@link #clock}) stay.
     */
    public FakeAws reset() {
        synchronized (faults) {
            faults.clear();
            oddAnswers.clear();
        }
        latency = Duration.ZERO;
        eventualConsistency = Duration.ZERO;
        return this;
    }

    private FakeAws enqueue(String action, int times, AwsError error) {
        Objects.requireNonNull(action, "action");
        synchronized (faults) {
            Deque<AwsError> queue = faults.computeIfAbsent(action, a -> new ArrayDeque<>());
            for (int i = 0; i < times; i++) {
                queue.add(error);
            }
        }
        return this;
    }

    // ---- observation ----

    /** Every call answered so far, oldest first. */
    public List<RecordedCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    public List<RecordedCall> calls(String action) {
        return calls().stream().filter(c -> Objects.equals(action, c.action())).toList();
    }

    /** How many calls of the action were answered, errors included. */
    public long count(String action) {
        synchronized (calls) {
            return calls.stream().filter(c -> Objects.equals(action, c.action())).count();
        }
    }

    public FakeAws clearCalls() {
        synchronized (calls) {
            calls.clear();
        }
        return this;
    }

    // ---- package-private, for the API handlers ----

    Instant now() {
        return clock.instant();
    }

    Duration eventualConsistency() {
        return eventualConsistency;
    }

    FakeAccount accountOrNull(String accountId) {
        return accountId == null ? null : accounts.get(accountId);
    }

    Identity issueSession(FakeAccount target, FakeRole role, String sessionName, Instant expiration) {
        String arn = "arn:" + target.partition() + ":sts::" + target.accountId() + ":assumed-role/"
                + role.name() + "/" + sessionName;
        Identity identity = new Identity(Ids.temporaryKeyId(), Ids.secret(), Ids.sessionToken(),
                target.accountId(), target.partition(), arn, role.roleId() + ":" + sessionName, role.arn(),
                role.name(), true, expiration);
        identities.put(identity.accessKeyId(), identity);
        return identity;
    }

    static AwsError invalidAction(String action, String version) {
        return new AwsError(400, "InvalidAction",
                "Could not find operation " + action + " for version " + (version == null ? "NO_VERSION_SPECIFIED" : version));
    }

    // ---- HTTP ----

    record Answer(int status, String body, String requestId, String contentType, String errorType) {
        Answer(int status, String xml, String requestId) {
            this(status, xml, requestId, "text/xml", null);
        }
    }

    private void handle(HttpExchange exchange) {
        Answer answer;
        try {
            Instant at = now();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String requestId = Ids.requestId();
            try {
                if (SsoPortalApi.PATH.equals(exchange.getRequestURI().getPath())) {
                    answer = ssoPortal(exchange, at, requestId);
                } else if (EksApi.isEks(exchange)) {
                    answer = eks.handle(exchange, body, at, requestId);
                } else {
                    answer = process(exchange, body, at, requestId);
                }
            } catch (RuntimeException e) {
                AwsError error = new AwsError(500, "ServiceFailure", "Internal failure in the fake: " + e);
                answer = new Answer(500, Xml.error(Xml.IAM_NS, error, requestId), requestId);
            }
        } catch (IOException e) {
            exchange.close();
            return;
        }
        Duration delay = latency;
        if (delay.isZero() || delay.isNegative()) {
            send(exchange, answer);
            return;
        }
        Answer delayed = answer;
        try {
            scheduler.schedule(() -> send(exchange, delayed), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, Answer answer) {
        try {
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.getResponseHeaders().set("x-amzn-RequestId", answer.requestId());
            if (answer.errorType() != null) {
                exchange.getResponseHeaders().set("x-amzn-ErrorType", answer.errorType());
            }
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // the client went away; nothing to answer
        } finally {
            exchange.close();
        }
    }

    private Answer ssoPortal(HttpExchange exchange, Instant at, String requestId) {
        Map<String, String> query = new LinkedHashMap<>();
        parseForm(exchange.getRequestURI().getRawQuery(), query);
        SsoPortalApi.Answer answer = "GET".equals(exchange.getRequestMethod())
                ? sso.getRoleCredentials(exchange.getRequestHeaders().getFirst("x-amz-sso_bearer_token"), query)
                : new SsoPortalApi.Answer(405, "MethodNotAllowedException", "{\"message\":\"GET only\"}");
        record(new RecordedCall("sso", "GetRoleCredentials", null, query.get("account_id"), unmodifiable(query),
                answer.status(), answer.errorType(), null, at));
        return new Answer(answer.status(), answer.json(), requestId, "application/json", answer.errorType());
    }

    private Answer process(HttpExchange exchange, byte[] body, Instant at, String requestId) {
        Map<String, String> params = new LinkedHashMap<>();
        parseForm(exchange.getRequestURI().getRawQuery(), params);
        parseForm(new String(body, StandardCharsets.UTF_8), params);
        String action = params.get("Action");
        Map<String, String> recorded = new LinkedHashMap<>(params);
        recorded.remove("Action");
        recorded.remove("Version");

        String header = exchange.getRequestHeaders().getFirst("Authorization");
        SigV4.Authorization auth = null;
        AwsError authError = null;
        if (header == null) {
            authError = new AwsError(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
        } else {
            try {
                auth = SigV4.parse(header);
            } catch (AwsError e) {
                authError = e;
            }
        }
        String service = auth != null && (auth.service().equals("iam") || auth.service().equals("sts"))
                ? auth.service()
                : (action != null && STS_ACTIONS.contains(action) ? "sts" : "iam");
        String namespace = service.equals("sts") ? Xml.STS_NS : Xml.IAM_NS;
        String accessKeyId = auth == null ? null : auth.accessKeyId();
        String region = auth == null ? null : auth.region();
        String accountId = null;
        try {
            if (authError != null) {
                throw authError;
            }
            Identity caller = authenticate(auth, exchange, body, at);
            accountId = caller.accountId();
            if (action == null) {
                throw new AwsError(400, "MissingAction", "Missing Action");
            }
            injectFault(action);
            String xml = oddAnswer(action, namespace, requestId);
            if (xml == null) {
                xml = answer(service, action, params, caller, emulatedPartitionOf(region), requestId);
            }
            record(new RecordedCall(service, action, accessKeyId, accountId, unmodifiable(recorded), 200, null,
                    region, at));
            return new Answer(200, xml, requestId);
        } catch (AwsError e) {
            record(new RecordedCall(service, action, accessKeyId, accountId, unmodifiable(recorded), e.status(),
                    e.code(), region, at));
            return new Answer(e.status(), Xml.error(namespace, e, requestId), requestId);
        }
    }

    private String answer(String service, String action, Map<String, String> params, Identity caller,
            String requestPartition, String requestId) {
        if (service.equals("sts")) {
            return sts.handle(action, params, caller, requestPartition, requestId);
        }
        FakeAccount account = accountOrNull(caller.accountId());
        if (account == null) {
            throw new AwsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        }
        if (!account.partition().equals(requestPartition)) {
            String id = account.accountId();
            account = wrongPartitionViews.computeIfAbsent(id + "@" + requestPartition,
                    k -> new FakeAccount(this, id, requestPartition, true));
        }
        return iam.handle(action, params, caller, account, requestId);
    }

    Identity authenticate(SigV4.Authorization auth, HttpExchange exchange, byte[] body, Instant at) {
        Identity identity = identities.get(auth.accessKeyId());
        AwsError invalid = new AwsError(403, "InvalidClientTokenId",
                "The security token included in the request is invalid.");
        if (identity == null) {
            throw invalid;
        }
        String token = exchange.getRequestHeaders().getFirst("X-Amz-Security-Token");
        if (identity.sessionToken() != null && !identity.sessionToken().equals(token)) {
            throw invalid;
        }
        if (requireRealSigningRegions) {
            String regionPartition = partitionOfRegion(auth.region());
            if (!identity.partition().equals(regionPartition)) {
                throw invalid;
            }
            boolean valid = auth.service().equals("iam")
                    ? auth.region().equals(iamSigningRegion(identity.partition()))
                    : auth.region().matches("[a-z]{2}(-gov)?-[a-z]+-\\d");
            if (!valid) {
                throw new AwsError(403, "SignatureDoesNotMatch", "Credential should be scoped to a valid region.");
            }
        }
        if (verifySignatures && !SigV4.verify(auth, identity.secretAccessKey(), exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                name -> exchange.getRequestHeaders().get(name), body)) {
            throw new AwsError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match"
                    + " the signature you provided. Check your AWS Secret Access Key and signing method."
                    + " Consult the service documentation for details.");
        }
        if (identity.expiredAt(at)) {
            throw new AwsError(403, "ExpiredToken", "The security token included in the request is expired");
        }
        return identity;
    }

    /**
     * The partition an emulator serves a request signed for this region from: only real regions of
     * aws-cn and aws-us-gov lead there, so {@code aws-cn-global} (not a region) is read as aws.
     */
    static String emulatedPartitionOf(String region) {
        if (region != null && region.startsWith("cn-")) {
            return AWS_CN;
        }
        if (region != null && region.startsWith("us-gov-")) {
            return AWS_US_GOV;
        }
        return AWS;
    }

    /** The partition a region id belongs to ({@code aws-cn-global} and {@code cn-north-1} are {@code aws-cn}). */
    static String partitionOfRegion(String region) {
        if (region.startsWith("cn-") || region.equals("aws-cn-global")) {
            return AWS_CN;
        }
        if (region.startsWith("us-gov-") || region.equals("aws-us-gov-global")) {
            return AWS_US_GOV;
        }
        return AWS;
    }

    void injectFault(String action) {
        AwsError fault = null;
        synchronized (faults) {
            Deque<AwsError> queue = faults.get(action);
            if (queue == null || queue.isEmpty()) {
                queue = faults.get("*");
            }
            if (queue != null) {
                fault = queue.poll();
            }
        }
        if (fault != null) {
            throw new AwsError(fault.status(), fault.code(), fault.getMessage(), fault.type());
        }
    }

    private String oddAnswer(String action, String namespace, String requestId) {
        String body = pollOddAnswer(action);
        if (body == null) {
            return null;
        }
        return body.equals("EMPTY") ? Xml.success(namespace, action, requestId, xml -> { }) : body;
    }

    /** The next odd answer queued for the action: a body, {@code EMPTY}, or {@code null} for none. */
    String pollOddAnswer(String action) {
        synchronized (faults) {
            Deque<String> queue = oddAnswers.get(action);
            return queue == null ? null : queue.poll();
        }
    }

    void record(RecordedCall call) {
        synchronized (calls) {
            calls.add(call);
        }
    }

    private static Map<String, String> unmodifiable(Map<String, String> map) {
        return Collections.unmodifiableMap(map);
    }

    /** Decodes a form (a query string or a Query-protocol body) into the map; MalformedQueryString when it cannot. */
    static void parseForm(String form, Map<String, String> into) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                into.put(name, value);
            } catch (IllegalArgumentException e) {
                throw new AwsError(400, "MalformedQueryString", "Malformed query string: " + pair);
            }
        }
    }

    /**
     * Starts a fake with a hub account {@code 999999999999} (user {@code hub}, allowed to assume
     * {@code eksrole-access} in {@code 111111111111}) and prints the endpoint and the hub user's keys.
     * Argument: the port (default any free port).
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        FakeAws fake = start(port);
        fake.addAccount("999999999999");
        Credentials hub = fake.addUser("999999999999", "hub");
        FakeAccount target = fake.addAccount("111111111111");
        target.addRole("eksrole-access", "/", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::999999999999:root\"},\"Action\":\"sts:AssumeRole\"}]}");
        target.addRole("eks-node-role");
        target.attach("eks-node-role", target.awsManagedPolicyArn("AmazonEKSWorkerNodePolicy"));
        target.addCluster("eu-west-1", "demo", target.roleArn("eks-cluster-role"), "API")
                .addNodegroup("nodes", target.roleArn("eks-node-role"), "AL2023_x86_64_STANDARD");
        System.out.println("endpoint          " + fake.endpoint());
        System.out.println("AWS_ENDPOINT_URL_IAM=" + fake.endpoint());
        System.out.println("AWS_ENDPOINT_URL_STS=" + fake.endpoint());
        System.out.println("AWS_ENDPOINT_URL_EKS=" + fake.endpoint());
        System.out.println("AWS_ACCESS_KEY_ID=" + hub.accessKeyId());
        System.out.println("AWS_SECRET_ACCESS_KEY=" + hub.secretAccessKey());
        Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
        new CountDownLatch(1).await();
    }
}
