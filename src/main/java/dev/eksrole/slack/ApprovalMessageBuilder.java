package dev.eksrole.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.confirmationDialog;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import static dev.eksrole.slack.BlockKitLimits.MAX_SECTION_TEXT;
import static dev.eksrole.slack.BlockKitLimits.codeBlock;
import static dev.eksrole.slack.BlockKitLimits.escape;
import static dev.eksrole.slack.BlockKitLimits.fit;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.BlockElement;
import dev.eksrole.noderole.Account;
import dev.eksrole.noderole.ApplyResult;
import dev.eksrole.noderole.FixPlan;
import dev.eksrole.noderole.PlanStep;
import dev.eksrole.noderole.StepResult;
import dev.eksrole.noderole.TrustDiff;
import dev.eksrole.noderole.TrustPolicy;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The messages of the approval flow: the request with its exact IAM calls and Approve/Reject, and the
 * same message once decided, with the buttons gone and the outcome in their place.
 */
public final class ApprovalMessageBuilder {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** The approval request: plan, requester, expiry, approvers, Approve and Reject. */
    public SlackMessage request(String planId, FixPlan plan, Account account, String requesterId, Instant expiresAt,
            String approvers) {
        List<LayoutBlock> blocks = new ArrayList<>(planBlocks(plan, account, requesterId));
        blocks.add(context(c -> c.elements(List.of(markdownText(fit("Expires " + date(expiresAt) + " · Can approve: " + approvers,
                BlockKitLimits.MAX_CONTEXT_TEXT))))));
        blocks.add(actions(List.of(
                button(b -> b.actionId(SlackIds.actionId(SlackIds.APPROVE, planId)).value(planId).style("primary")
                        .text(plainText("Approve"))
                        .confirm(confirmationDialog(d -> d.title(plainText("Apply this fix?"))
                                .text(markdownText(fit("eksrole will re-check " + account.label() + " and, if nothing changed, make "
                                        + plan.steps().size() + " IAM call" + (plan.steps().size() == 1 ? "" : "s") + ".", 300)))
                                .confirm(plainText("Approve")).deny(plainText("Cancel"))))),
                button(b -> b.actionId(SlackIds.actionId(SlackIds.REJECT, planId)).value(planId).style("danger")
                        .text(plainText("Reject"))
                        .confirm(confirmationDialog(d -> d.title(plainText("Reject this fix?"))
                                .text(markdownText("Nothing will change in " + account.label() + "."))
                                .confirm(plainText("Reject")).deny(plainText("Cancel"))))))));
        return new SlackMessage("Fix requested for " + account.label() + ": " + plan.title(), blocks);
    }

    /** The request once decided or applied: no buttons, what happened, and who decided when. */
    public SlackMessage outcome(String planId, FixPlan plan, Account account, String requesterId, String headline,
            ApplyResult result, boolean resumable) {
        List<LayoutBlock> blocks = new ArrayList<>(planBlocks(plan, account, requesterId));
        blocks.add(section(s -> s.text(markdownText(fit(headline, MAX_SECTION_TEXT)))));
        if (result != null) {
            blocks.add(section(s -> s.text(markdownText(fit(resultText(result), MAX_SECTION_TEXT)))));
        }
        if (resumable) {
            List<BlockElement> resume = List.of(button(b -> b.actionId(SlackIds.actionId(SlackIds.RESUME, planId)).value(planId)
                    .text(plainText("Resume")).style("primary")
                    .confirm(confirmationDialog(d -> d.title(plainText("Resume this fix?"))
                            .text(markdownText("Steps already done are skipped; the rest are applied."))
                            .confirm(plainText("Resume")).deny(plainText("Cancel"))))));
            blocks.add(actions(resume));
        }
        return new SlackMessage(headline, blocks);
    }

    /** An expired request: nothing happened; offer a fresh check. */
    public SlackMessage expired(String planId, FixPlan plan, Account account, String requesterId, Instant expiredAt) {
        List<LayoutBlock> blocks = new ArrayList<>(planBlocks(plan, account, requesterId));
        blocks.add(section(s -> s.text(markdownText(":hourglass: This plan expired " + date(expiredAt)
                + " without approval; nothing was changed. Re-check to get a fresh plan."))));
        blocks.add(actions(List.of(button(b -> b.actionId(SlackIds.actionId(SlackIds.RECHECK, planId)).value(planId)
                .text(plainText("Re-check " + account.name()))))));
        return new SlackMessage("Fix plan for " + account.label() + " expired", blocks);
    }

    static String resultText(ApplyResult result) {
        StringBuilder text = new StringBuilder("*Steps*\n");
        for (StepResult step : result.steps()) {
            String mark = switch (step.status()) {
                case DONE -> ":white_check_mark:";
                case ALREADY_DONE -> ":ballot_box_with_check:";
                case FAILED -> ":x:";
                case NOT_RUN -> ":black_square_button:";
            };
            text.append(mark).append(" `").append(escape(step.step().iamCall())).append("` · ")
                    .append(escape(step.message() == null ? step.status().name() : step.message())).append('\n');
        }
        return text.toString();
    }

    /** Room kept under Slack's 50 blocks for the context, buttons and outcome that follow the plan. */
    static final int BLOCKS_AFTER_PLAN = 4;

    private List<LayoutBlock> planBlocks(FixPlan plan, Account account, String requesterId) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(header(h -> h.text(plainText(fit(":hammer_and_wrench: Fix · " + account.label(), BlockKitLimits.MAX_HEADER_TEXT), true))));
        blocks.add(section(s -> s.text(markdownText(fit("*" + escape(plan.title()) + "*\nRequested by <@" + requesterId + "> in "
                + account.name() + " · `" + account.id() + "` · " + account.partition().id(), MAX_SECTION_TEXT)))));
        // every call is shown, however many: split over as many sections as it takes, never cut
        List<String> calls = new ArrayList<>();
        for (int i = 0; i < plan.steps().size(); i++) {
            calls.add((i + 1) + ". " + plan.steps().get(i).iamCall());
        }
        String title = "*IAM calls, in order*\n";
        for (String chunk : chunks(calls, MAX_SECTION_TEXT - title.length() - 8)) {
            String text = (blocks.size() == 2 ? title : "") + codeBlock(chunk, MAX_SECTION_TEXT - title.length());
            blocks.add(section(s -> s.text(markdownText(text))));
        }
        List<LayoutBlock> trusts = new ArrayList<>();
        for (PlanStep step : plan.steps()) {
            if (step instanceof PlanStep.ReplaceTrust replace) {
                String head = "*Trust of " + escape(replace.roleName()) + ", before → after*\n";
                String diff = String.join("\n", TrustDiff.lines(replace.currentTrust(), replace.trustJson()));
                trusts.add(section(s -> s.text(markdownText(head + codeBlock(diff, MAX_SECTION_TEXT - head.length())))));
            } else if (step instanceof PlanStep.CreateRole create) {
                String head = "*Trust of the new role*\n";
                trusts.add(section(s -> s.text(markdownText(head + codeBlock(TrustPolicy.prettyDocument(create.trustJson()),
                        MAX_SECTION_TEXT - head.length())))));
            }
        }
        int room = Math.max(1, BlockKitLimits.MAX_BLOCKS - BLOCKS_AFTER_PLAN - blocks.size());
        if (trusts.size() <= room) {
            blocks.addAll(trusts);
        } else {
            blocks.addAll(trusts.subList(0, room - 1));
            int rest = trusts.size() - (room - 1);
            blocks.add(section(s -> s.text(markdownText("… and " + rest + " more trust change" + (rest == 1 ? "" : "s")
                    + ", each to the documented EC2 trust (see the IAM calls)."))));
        }
        return blocks;
    }

    /** Lines joined by newlines into runs of at most {@code limit} characters; a longer line is cut. */
    static List<String> chunks(List<String> lines, int limit) {
        List<String> chunks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            String cut = fit(line, limit);
            if (current.length() > 0 && current.length() + 1 + cut.length() > limit) {
                chunks.add(current.toString());
                current.setLength(0);
            }
            current.append(current.length() == 0 ? "" : "\n").append(cut);
        }
        if (current.length() > 0 || chunks.isEmpty()) {
            chunks.add(current.toString());
        }
        return chunks;
    }

    static String date(Instant at) {
        return "<!date^" + at.getEpochSecond() + "^{date_short_pretty} {time}|" + UTC.format(at) + ">";
    }
}
