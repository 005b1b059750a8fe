package dev.eksrole.noderole;

import java.util.ArrayList;
import java.util.List;

/** A line diff of two trust policies, both pretty-printed, for the approver to read before approving. */
public final class TrustDiff {

    private TrustDiff() {}

    /** Lines prefixed {@code "  "} (kept), {@code "- "} (removed) and {@code "+ "} (added). */
    public static List<String> lines(String before, String after) {
        List<String> a = TrustPolicy.prettyDocument(before).lines().toList();
        List<String> b = TrustPolicy.prettyDocument(after).lines().toList();
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j)) ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            if (a.get(i).equals(b.get(j))) {
                out.add("  " + a.get(i++));
                j++;
            } else if (common[i + 1][j] >= common[i][j + 1]) {
                out.add("- " + a.get(i++));
            } else {
                out.add("+ " + b.get(j++));
            }
        }
        while (i < a.size()) {
            out.add("- " + a.get(i++));
        }
        while (j < b.size()) {
            out.add("+ " + b.get(j++));
        }
        return out;
    }
}
