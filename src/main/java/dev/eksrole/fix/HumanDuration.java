package dev.eksrole.fix;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A duration as people say it: "30 seconds", "1 hour 30 minutes", "7 days". */
public final class HumanDuration {

    private HumanDuration() {}

    public static String format(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        List<String> parts = new ArrayList<>();
        add(parts, seconds / 86_400, "day");
        add(parts, seconds % 86_400 / 3_600, "hour");
        add(parts, seconds % 3_600 / 60, "minute");
        add(parts, seconds % 60, "second");
        return parts.isEmpty() ? "0 seconds" : String.join(" ", parts);
    }

    private static void add(List<String> parts, long amount, String unit) {
        if (amount > 0) {
            parts.add(amount + " " + unit + (amount == 1 ? "" : "s"));
        }
    }
}
