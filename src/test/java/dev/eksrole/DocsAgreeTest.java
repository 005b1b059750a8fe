package dev.eksrole;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.eksrole.slack.SlackHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the README, the Slack manifest and the Dockerfile each say, where they can drift apart. */
class DocsAgreeTest {

    /** The facts of running in Socket Mode that a person needs from either document. */
    private static final List<String> SOCKET_MODE_FACTS = List.of("socket_mode_enabled", "request_url", "connections:write",
            "SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "/health");

    private static String read(String file) throws Exception {
        return Files.readString(Path.of(file));
    }

    /** The README's docker run commands, continuation lines joined. */
    private static List<String> dockerRuns(String readme) {
        List<String> runs = new ArrayList<>();
        String joined = readme.replace("\\\n", " ");
        for (String line : joined.split("\n")) {
            if (line.strip().startsWith("docker run ")) {
                runs.add(line.strip());
            }
        }
        return runs;
    }

    @Test
    void everyDockerRunMountsTheImagesVolumesAndOneWithAProfileMountsTheAwsConfigReadOnly() throws Exception {
        String dockerfile = read("Dockerfile");
        Matcher volume = Pattern.compile("VOLUME \\[\"([^\"]+)\"]").matcher(dockerfile);
        assertThat(volume.find()).as("the Dockerfile declares its data volume").isTrue();
        Matcher home = Pattern.compile("--home-dir (\\S+)").matcher(dockerfile);
        assertThat(home.find()).as("the Dockerfile names the user's home").isTrue();
        List<String> runs = dockerRuns(read("README.md"));

        assertThat(runs).isNotEmpty().allSatisfy(run -> assertThat(run).containsPattern("-v \\S+:" + Pattern.quote(volume.group(1)) + "(\\s|$)")
                .contains(":/app/config:ro"));
        assertThat(runs).filteredOn(run -> run.contains("AWS_PROFILE"))
                .singleElement().asString().contains("/.aws:" + home.group(1) + "/.aws:ro");
    }

    @Test
    void manifestAndReadmeSayTheSameAboutSocketMode() throws Exception {
        String manifestComment = read("manifest.yml").lines().takeWhile(l -> l.startsWith("#")).reduce("", (a, b) -> a + "\n" + b);
        String manifestSocketMode = manifestComment.substring(manifestComment.indexOf("# Socket Mode"));
        String readme = read("README.md");
        int start = readme.indexOf("**Socket Mode**");
        String readmeSocketMode = readme.substring(start, readme.indexOf("\n4. ", start));

        for (String fact : SOCKET_MODE_FACTS) {
            assertThat(manifestSocketMode).as("manifest.yml on Socket Mode").contains(fact);
            assertThat(readmeSocketMode).as("README on Socket Mode").contains(fact);
        }
    }

    @Test
    void manifestSendsEverythingToTheEventsPathAndAsksForTheScopesTheReadmeNames() throws Exception {
        JsonNode manifest = new ObjectMapper(new YAMLFactory()).readTree(read("manifest.yml"));
        assertThat(manifest.at("/features/slash_commands/0/url").asText()).endsWith(SlackHttpServer.EVENTS_PATH);
        assertThat(manifest.at("/settings/interactivity/request_url").asText()).endsWith(SlackHttpServer.EVENTS_PATH);
        assertThat(manifest.at("/settings/socket_mode_enabled").asBoolean()).as("HTTP mode is the default, as the README says").isFalse();

        List<String> scopes = new ArrayList<>();
        manifest.at("/oauth_config/scopes/bot").forEach(s -> scopes.add(s.asText()));
        String readme = read("README.md");
        int sentence = readme.indexOf("the scopes the bot uses:");
        String named = readme.substring(sentence, readme.indexOf('\n', readme.indexOf("\n", sentence) + 1));
        List<String> inReadme = new ArrayList<>();
        Matcher code = Pattern.compile("`([a-z:.]+)`").matcher(named);
        while (code.find()) {
            inReadme.add(code.group(1));
        }
        assertThat(inReadme).containsExactlyInAnyOrderElementsOf(scopes);
    }
}
