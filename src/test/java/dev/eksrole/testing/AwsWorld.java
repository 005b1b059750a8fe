package dev.eksrole.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksrole.Main;
import dev.eksrole.testing.aws.Credentials;
import dev.eksrole.testing.aws.FakeAccount;
import dev.eksrole.testing.aws.FakeAws;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A hub account and target accounts on the wire-level IAM/STS fake, with the SDK of this JVM aimed at
 * it through its own settings (system properties {@code aws.endpointUrlIam}, {@code aws.accessKeyId}
 * ...), and an eksrole config that names the targets. Close it to restore the JVM's settings.
 */
public final class AwsWorld implements AutoCloseable {

    public static final String HUB_ACCOUNT = "999999999999";
    public static final String HUB_CN_ACCOUNT = "888888888888";
    public static final String HUB_GOV_ACCOUNT = "777777777777";
    public static final String ACCESS_ROLE = "EksRoleAccess";
    public static final String EXTERNAL_ID = "eksrole-test-external-id";
    public static final String CN_PROFILE = "china";
    public static final String GOV_PROFILE = "govcloud";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PROPERTIES = List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken",
            "aws.endpointUrlIam", "aws.endpointUrlSts", "aws.endpointUrlEks", "aws.sharedCredentialsFile", "aws.configFile", "aws.profile",
            "aws.region", "aws.disableEc2Metadata");

    private final FakeAws fake;
    private final Path dir;
    private final Credentials hub;
    private final Credentials hubCn;
    private final Credentials hubGov;
    private final List<String> accountEntries = new ArrayList<>();
    private final List<String> extraConfig = new ArrayList<>();
    private final Map<String, String> saved = new HashMap<>();

    private AwsWorld(Path dir) {
        this.dir = dir;
        this.fake = FakeAws.start();
        fake.addAccount(HUB_ACCOUNT, FakeAws.AWS);
        this.hub = fake.addUser(HUB_ACCOUNT, "eksrole-hub");
        fake.addAccount(HUB_CN_ACCOUNT, FakeAws.AWS_CN);
        this.hubCn = fake.addUser(HUB_CN_ACCOUNT, "eksrole-hub-cn");
        fake.addAccount(HUB_GOV_ACCOUNT, FakeAws.AWS_US_GOV);
        this.hubGov = fake.addUser(HUB_GOV_ACCOUNT, "eksrole-hub-gov");
        installSdkSettings();
    }

    /** Starts the fake and points this JVM's AWS SDK at it; {@code dir} holds the config and profile files. */
    public static AwsWorld start(Path dir) {
        return new AwsWorld(dir);
    }

    public FakeAws fake() {
        return fake;
    }

    public Credentials hub() {
        return hub;
    }

    public String hubArn() {
        return "arn:aws:iam::" + HUB_ACCOUNT + ":user/eksrole-hub";
    }

    /** The hub identity of a partition: {@code aws} uses the default chain, the others their profile. */
    public Credentials hub(String partition) {
        return switch (partition) {
            case FakeAws.AWS_CN -> hubCn;
            case FakeAws.AWS_US_GOV -> hubGov;
            default -> hub;
        };
    }

    /** The account of the hub identity of a partition. */
    public static String hubAccount(String partition) {
        return switch (partition) {
            case FakeAws.AWS_CN -> HUB_CN_ACCOUNT;
            case FakeAws.AWS_US_GOV -> HUB_GOV_ACCOUNT;
            default -> HUB_ACCOUNT;
        };
    }

    /** The user name of the hub identity of a partition, in {@link #hubAccount}. */
    public static String hubUser(String partition) {
        return switch (partition) {
            case FakeAws.AWS_CN -> "eksrole-hub-cn";
            case FakeAws.AWS_US_GOV -> "eksrole-hub-gov";
            default -> "eksrole-hub";
        };
    }

    /**
     * Adds a target account with an access role that trusts the hub of its partition with the
     * ExternalId, and lists it in the config. Accounts in aws-cn use the {@code china} profile, in
     * aws-us-gov the {@code govcloud} profile.
     */
    public FakeAccount addTarget(String id, String name, String partition) {
        FakeAccount account = fake.addAccount(id, partition);
        account.addRole(ACCESS_ROLE, "/", accessTrust(partition, hubAccount(partition), EXTERNAL_ID));
        StringBuilder entry = new StringBuilder("  - {id: \"" + id + "\", name: " + name + ", partition: " + partition);
        if (FakeAws.AWS_CN.equals(partition)) {
            entry.append(", profile: ").append(CN_PROFILE);
        } else if (FakeAws.AWS_US_GOV.equals(partition)) {
            entry.append(", profile: ").append(GOV_PROFILE);
        }
        accountEntries.add(entry.append("}").toString());
        return account;
    }

    /** Appends to the AWS config file this world's SDK reads ({@code aws.configFile} / {@code AWS_CONFIG_FILE}). */
    public AwsWorld awsConfig(String text) {
        try {
            Files.writeString(dir.resolve("aws-config"), text.strip() + "\n", java.nio.file.StandardOpenOption.APPEND);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lists an account in the config with settings of its own (a raw YAML flow mapping). */
    public void addConfigEntry(String flowMapping) {
        accountEntries.add("  - " + flowMapping);
    }

    public static String accessTrust(String partition, String hubAccount, String externalId) {
        return """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                  "Principal": {"AWS": "arn:%s:iam::%s:root"}, "Action": "sts:AssumeRole",
                  "Condition": {"StringEquals": {"sts:ExternalId": "%s"}}}]}
                """.formatted(partition, hubAccount, externalId);
    }

    /** Sends this JVM's IAM, STS and EKS calls to another endpoint, e.g. a proxy in front of the fake. */
    public AwsWorld routeThrough(java.net.URI endpoint) {
        System.setProperty("aws.endpointUrlIam", endpoint.toString());
        System.setProperty("aws.endpointUrlSts", endpoint.toString());
        System.setProperty("aws.endpointUrlEks", endpoint.toString());
        return this;
    }

    /** Adds top-level config lines (approvers, store, planExpiry...) to the config written next. */
    public AwsWorld config(String yamlLines) {
        extraConfig.add(yamlLines.strip());
        return this;
    }

    /** Writes the config for the accounts added so far and returns its path; the store defaults to an H2 file here. */
    public Path writeConfig() {
        boolean storeGiven = extraConfig.stream().anyMatch(l -> l.startsWith("store:"));
        String yaml = "access: {roleName: " + ACCESS_ROLE + ", externalId: " + EXTERNAL_ID + "}\n"
                + "accounts:\n" + String.join("\n", accountEntries) + "\n"
                + (storeGiven ? "" : "store: {dataDir: \"" + dir.resolve("data") + "\"}\n")
                + String.join("\n", extraConfig) + "\n";
        try {
            return Files.writeString(dir.resolve("eksrole.yml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the CLI in this JVM, as {@code java -jar eksrole.jar args...} would. */
    public CliRun run(String... args) {
        Path config = writeConfig();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, Map.of("EKSROLE_CONFIG", config.toString()), new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Runs the CLI in this JVM with exactly this environment (no config is written for it). */
    public CliRun runWithEnvironment(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The environment a child process needs to reach the fake through the SDK's own variables. */
    public Map<String, String> childEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ACCESS_KEY_ID", hub.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", hub.secretAccessKey());
        env.put("AWS_ENDPOINT_URL_IAM", fake.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_STS", fake.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_EKS", fake.endpoint().toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", System.getProperty("aws.sharedCredentialsFile"));
        env.put("AWS_CONFIG_FILE", System.getProperty("aws.configFile"));
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("EKSROLE_CONFIG", writeConfig().toString());
        return env;
    }

    /**
     * Runs the CLI as its own JVM with {@link #childEnvironment()} changed by {@code env} (a {@code null}
     * value removes a variable) and nothing else of this machine's AWS or eksrole settings. A variable
     * {@code HOME} also becomes the child's {@code user.home}.
     */
    public CliRun runInChildProcess(Map<String, String> env, String... args) {
        Map<String, String> environment = childEnvironment();
        env.forEach((name, value) -> {
            if (value == null) {
                environment.remove(name);
            } else {
                environment.put(name, value);
            }
        });
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
        if (environment.containsKey("HOME")) {
            command.add("-Duser.home=" + environment.get("HOME"));
        }
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("EKSROLE_"));
        builder.environment().putAll(environment);
        try {
            Path stderr = Files.createTempFile(dir, "stderr", ".txt");
            builder.redirectError(stderr.toFile());
            Process process = builder.start();
            String stdout = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the CLI did not finish in 120 s: " + String.join(" ", args));
            }
            return new CliRun(process.exitValue(), stdout, Files.readString(stderr));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public record CliRun(int exitCode, String out, String err) {
        public JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("stdout is not one JSON document: " + out + "\nstderr: " + err, e);
            }
        }
    }

    private void installSdkSettings() {
        try {
            Path credentials = Files.writeString(dir.resolve("aws-credentials"), "[" + CN_PROFILE + "]\n"
                    + "aws_access_key_id = " + hubCn.accessKeyId() + "\n"
                    + "aws_secret_access_key = " + hubCn.secretAccessKey() + "\n"
                    + "[" + GOV_PROFILE + "]\n"
                    + "aws_access_key_id = " + hubGov.accessKeyId() + "\n"
                    + "aws_secret_access_key = " + hubGov.secretAccessKey() + "\n");
            Path config = Files.writeString(dir.resolve("aws-config"), "");
            for (String property : PROPERTIES) {
                saved.put(property, System.getProperty(property));
                System.clearProperty(property);
            }
            System.setProperty("aws.accessKeyId", hub.accessKeyId());
            System.setProperty("aws.secretAccessKey", hub.secretAccessKey());
            System.setProperty("aws.endpointUrlIam", fake.endpoint().toString());
            System.setProperty("aws.endpointUrlSts", fake.endpoint().toString());
            System.setProperty("aws.endpointUrlEks", fake.endpoint().toString());
            System.setProperty("aws.sharedCredentialsFile", credentials.toString());
            System.setProperty("aws.configFile", config.toString());
            System.setProperty("aws.disableEc2Metadata", "true");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        saved.forEach((property, value) -> {
            if (value == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, value);
            }
        });
        fake.close();
    }
}
