package dev.eksrole.config;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingEndEvent;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceEndEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;

/**
 * Refuses the YAML that would otherwise be read silently wrong: a key given twice (the last one would
 * win, or a second {@code accounts:} would drop the first list), anchors and aliases (Jackson reads
 * {@code *ext} as the text "ext" and eksrole would send it to STS), tags other than YAML's own, and
 * more than one document. Each error names the key and the line.
 */
final class StrictYaml {

    private static final Set<String> PLAIN_TAGS = Set.of("tag:yaml.org,2002:str", "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:bool", "tag:yaml.org,2002:float", "tag:yaml.org,2002:null", "tag:yaml.org,2002:map",
            "tag:yaml.org,2002:seq");

    private StrictYaml() {}

    /** A mapping or sequence being read, with the key path of what it holds. */
    private static final class Frame {
        final String path;
        final boolean mapping;
        final Map<String, Integer> keyLines = new HashMap<>();
        String pendingKey;
        int index;

        Frame(String path, boolean mapping) {
            this.path = path;
            this.mapping = mapping;
        }

        String child() {
            if (!mapping) {
                return path + "[" + index + "]";
            }
            return path.isEmpty() ? pendingKey : path + "." + pendingKey;
        }

        void valueDone() {
            if (mapping) {
                pendingKey = null;
            } else {
                index++;
            }
        }
    }

    static void check(String text, String source) throws ConfigException {
        Deque<Frame> frames = new ArrayDeque<>();
        int documents = 0;
        try {
            for (Event event : new Yaml(new LoaderOptions()).parse(new StringReader(text))) {
                int line = event.getStartMark() == null ? 0 : event.getStartMark().getLine() + 1;
                if (event instanceof DocumentStartEvent && ++documents > 1) {
                    throw new ConfigException(null, source + " holds more than one YAML document (a second '---' at line "
                            + line + "); keep one");
                }
                if (event instanceof MappingEndEvent || event instanceof SequenceEndEvent) {
                    frames.pop();
                    if (!frames.isEmpty()) {
                        frames.peek().valueDone();
                    }
                    continue;
                }
                if (!(event instanceof NodeEvent node)) {
                    continue;
                }
                Frame parent = frames.peek();
                boolean isKey = parent != null && parent.mapping && parent.pendingKey == null;
                String path = parent == null ? "" : isKey ? parent.path : parent.child();
                refuseAnchorsAndTags(node, path, line);
                if (isKey) {
                    if (!(node instanceof ScalarEvent scalar)) {
                        throw new ConfigException(name(path), "a key at line " + line + " is not plain text");
                    }
                    Integer first = parent.keyLines.putIfAbsent(scalar.getValue(), line);
                    parent.pendingKey = scalar.getValue();
                    if (first != null) {
                        throw new ConfigException(name(parent.child()), "given twice (lines " + first + " and " + line
                                + "); YAML would silently keep only the last, so keep one");
                    }
                } else if (node instanceof MappingStartEvent) {
                    frames.push(new Frame(path, true));
                } else if (node instanceof SequenceStartEvent) {
                    frames.push(new Frame(path, false));
                } else if (parent != null) {
                    parent.valueDone();
                }
            }
        } catch (YAMLException e) {
            throw new ConfigException(null, source + " is not valid YAML: " + e.getMessage());
        }
    }

    private static void refuseAnchorsAndTags(NodeEvent node, String path, int line) throws ConfigException {
        if (node instanceof AliasEvent alias) {
            throw new ConfigException(name(path), "the alias *" + alias.getAnchor() + " at line " + line
                    + " is not supported (eksrole would read it as plain text); write the value out");
        }
        if (node.getAnchor() != null) {
            throw new ConfigException(name(path), "the anchor &" + node.getAnchor() + " at line " + line
                    + " is not supported; write each value out instead of anchors and aliases");
        }
        String tag = node instanceof ScalarEvent scalar ? scalar.getTag()
                : node instanceof CollectionStartEvent collection ? collection.getTag() : null;
        if (tag != null && !PLAIN_TAGS.contains(tag)) {
            throw new ConfigException(name(path), "the tag " + tag + " at line " + line + " is not supported; remove it");
        }
    }

    private static String name(String path) {
        return path.isEmpty() ? null : path;
    }
}
