package dev.eksrole.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * {@link AnswerCheck} for REST-JSON services (EKS): a successful HTTP answer must be one whole JSON object.
 * The SDK reads an empty body, a proxy's HTML page or a cut-off document as an answer without members,
 * and an empty list of clusters or node groups is a fact the rules would judge. (An object without the
 * member the operation must give is the reader's to refuse.)
 */
final class JsonAnswerCheck extends WholeAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    String problem(String operation, byte[] bytes) {
        return problemOf(bytes);
    }

    /** What is wrong with a 2xx body, or {@code null} when it is a whole JSON object. */
    static String problemOf(byte[] bytes) {
        String size = sizeProblem(bytes);
        if (size != null) {
            return size;
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (IOException e) {
            return "a body that is not JSON or is cut short";
        }
        return node != null && node.isObject() ? null : "JSON that is not an object";
    }
}
