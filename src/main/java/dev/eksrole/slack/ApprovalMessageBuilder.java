package dev.eksrole.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.confirmationDialog;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import static dev.eksrole.slack.BlockKitLimits.MAX_SECTION_TEXT;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The messages of the approval flow: the request with its exact IAM calls and Approve/Reject, and the
 * same message once decided, with the buttons gone and the outcome in their place. Nothing of a plan is
 * ever cut: every call and every trust change is shown whole, and {@link #fitsOneMessage} tells when a
 * plan needs more than one request (see {@link PlanBatches}).
 */
public final class ApprovalMessageBuilder {

    /**
     * A step's message in the outcome (an AWS error, say) is cut to this many characters, so that the
     * outcome of any plan that was requested in one message fits in it too; the audit trail keeps it whole.
     */
    static final int MAX_STEP_MESSAGE = 300;
    /** Outcome headlines are cut to this many characters, for the same reason. */
    static final int MAX_HEADLINE = 1000;
    /** A call longer than this (a role with many tags) is named by its number in the outcome; the plan above shows it whole. */
    static final int MAX_RESULT_CALL = 1200;

    /** The approval request: plan, requester, expiry, approvers, Approve and Reject. */
    public SlackMessage request(String planId, FixPlan plan, Account account, String requesterId, Instant expiresAt,
            Mrkdwn approvers) {
        List<LayoutBlock> blocks = new ArrayList<>(planBlocks(plan, account, requesterId));
        Mrkdwn expires = Mrkdwn.of("Expires {} · Can approve: {}", Mrkdwn.date(expiresAt), approvers).fit(BlockKitLimits.MAX_CONTEXT_TEXT);
        blocks.add(context(c -> c.elements(List.of(expires.object()))));
        int calls = plan.steps().size();
        Mrkdwn confirm = Mrkdwn.of("eksrole will re-check {} and, if nothing changed, make {} IAM call" + (calls == 1 ? "" : "s") + ".",
                account.label(), calls).fit(300);
        blocks.add(actions(List.of(
                button(b -> b.actionId(SlackIds.actionId(SlackIds.APPROVE, planId)).value(planId).style("primary")
                        .text(plainText("Approve"))
                        .confirm(confirmationDialog(d -> d.title(plainText("Apply this fix?"))
                                .text(confirm.object())
                                .confirm(plainText("Approve")).deny(plainText("Cancel"))))),
                button(b -> b.actionId(SlackIds.actionId(SlackIds.REJECT, planId)).value(planId).style("danger")
                        .text(plainText("Reject"))
                        .confirm(confirmationDialog(d -> d.title(plainText("Reject this fix?"))
                                .text(Mrkdwn.of("Nothing will change in {}.", account.label()).fit(300).object())
                                .confirm(plainText("Reject")).deny(plainText("Cancel"))))))));
        return new SlackMessage(Mrkdwn.of("Fix requested for {}: {}", account.label(), plan.title()).text(), blocks);
    }

    /** The request once decided or applied: no buttons, what happened, and who decided when. */
    public SlackMessage outcome(String planId, FixPlan plan, Account account, String requesterId, Mrkdwn headline,
            ApplyResult result, boolean resumable) {
        List<LayoutBlock> blocks = new ArrayList<>(planBlocks(plan, account, requesterId));
        Mrkdwn shown = headline.fit(MAX_HEADLINE);
        blocks.add(section(s -> s.text(shown.object())));
        if (result != null) {
            for (Mrkdwn text : resultSections(result, plan)) {
                blocks.add(section(s -> s.text(text.object())));
            }
        }
        if (resumable) {
            List<BlockElement> resume = List.of(button(b -> b.actionId(SlackIds.actionId(SlackIds.RESUME, planId)).value(planId)
                    .text(plainText("Resume")).style("primary")
                    .confirm(confirmationDialog(d -> d.title(plainText("Resume this fix?"))
                            .text(Mrkdwn.of("Steps already done are skipped; the rest are applied.").object())
                            .confirm(plainText("Resume")).deny(plainText("Cancel"))))));
            blocks.add(actions(resume));
        }
        return new SlackMessage(shown.text(), blocks);
    }

    /** An expired request: nothing happened; offer a fresh check. */
    public SlackMessage expired(String planId, FixPlan plan, Account account, String requesterId, Instant expiredAt) {
        List<LayoutBlock> blocks = new ArrayList<>(planBlocks(plan, account, requesterId));
        blocks.add(section(s -> s.text(Mrkdwn.of(":hourglass: This plan expired {} without approval; nothing was changed. "
                + "Re-check to get a fresh plan.", Mrkdwn.date(expiredAt)).object())));
        blocks.add(actions(List.of(button(b -> b.actionId(SlackIds.actionId(SlackIds.RECHECK, planId)).value(planId)
                .text(plainText(BlockKitLimits.fit("Re-check " + account.name(), 75)))))));
        return new SlackMessage(Mrkdwn.of("Fix plan for {} expired", account.label()).text(), blocks);
    }

    /**
     * Whether the request for this plan, and its outcome whatever happens (every step failing with the
     * longest message, the longest headline, Resume), each fit in one Slack message.
     */
    public boolean fitsOneMessage(FixPlan plan, Account account, String requesterId, Mrkdwn approvers) {
        String planId = UUID.randomUUID().toString();
        // the longest expiry date there is, so that the real one is never longer
        if (!BlockKitLimits.fits(request(planId, plan, account, requesterId, Instant.parse("9999-12-31T23:59:59Z"), approvers).blocks())) {
            return false;
        }
        StepResult.Status longest = Arrays.stream(StepResult.Status.values())
                .max(Comparator.comparingInt(status -> mark(status).length())).orElseThrow();
        String message = "x".repeat(MAX_STEP_MESSAGE);
        ApplyResult worst = new ApplyResult(plan.steps().stream().map(step -> new StepResult(step, longest, message)).toList());
        return BlockKitLimits.fits(outcome(planId, plan, account, requesterId, Mrkdwn.text("x".repeat(MAX_HEADLINE)), worst, true).blocks());
    }

    /** The steps' results, a line each, over as many sections as it takes; no line is cut. */
    static List<Mrkdwn> resultSections(ApplyResult result, FixPlan plan) {
        List<Mrkdwn> lines = new ArrayList<>();
        for (StepResult step : result.steps()) {
            String call = step.step().iamCall();
            Mrkdwn shown = Mrkdwn.code(call);
            if (shown.length() > MAX_RESULT_CALL) {
                int number = plan.steps().indexOf(step.step()) + 1;
                shown = Mrkdwn.of("{} (call {}, shown whole above)", Mrkdwn.code(call.substring(0, call.indexOf(' ')) + " RoleName="
                        + step.step().roleName()), number);
            }
            String message = step.message() == null ? step.status().name() : step.message();
            lines.add(Mrkdwn.of(mark(step.status()) + " {} · {}", shown, Mrkdwn.text(message, MAX_STEP_MESSAGE)));
        }
        return SectionTexts.lines(Mrkdwn.of("*Steps*\n"), lines, MAX_SECTION_TEXT);
    }

    private static String mark(StepResult.Status status) {
        return switch (status) {
            case DONE -> ":white_check_mark:";
            case ALREADY_DONE -> ":ballot_box_with_check:";
            case FAILED -> ":x:";
            case NOT_RUN -> ":black_square_button:";
        };
    }

    private List<LayoutBlock> planBlocks(FixPlan plan, Account account, String requesterId) {
        List<LayoutBlock> blocks = new ArrayList<>();
        String title = ":hammer_and_wrench: Fix · " + account.label() + (plan.batch() == null ? "" : " · " + plan.batch());
        blocks.add(header(h -> h.text(plainText(BlockKitLimits.fit(title, BlockKitLimits.MAX_HEADER_TEXT), true))));
        Mrkdwn about = Mrkdwn.of("*{}*\nRequested by {} in {} · {} · {}", plan.title(), Mrkdwn.user(requesterId), account.name(),
                Mrkdwn.code(account.id()), account.partition().id()).fit(MAX_SECTION_TEXT);
        blocks.add(section(s -> s.text(about.object())));
        // every call is shown whole, however many: over as many sections as it takes
        List<String> calls = new ArrayList<>();
        for (int i = 0; i < plan.steps().size(); i++) {
            calls.add((i + 1) + ". " + plan.steps().get(i).iamCall());
        }
        List<SectionTexts.Code> callList = List.of(new SectionTexts.Code(Mrkdwn.of("*IAM calls, in order*"), calls));
        for (Mrkdwn text : SectionTexts.codeBlocks(callList, MAX_SECTION_TEXT)) {
            blocks.add(section(s -> s.text(text.object())));
        }
        // and every trust change, each in full
        List<SectionTexts.Code> trusts = new ArrayList<>();
        for (PlanStep step : plan.steps()) {
            trustShown(step).ifPresent(trusts::add);
        }
        for (Mrkdwn text : SectionTexts.codeBlocks(trusts, MAX_SECTION_TEXT)) {
            blocks.add(section(s -> s.text(text.object())));
        }
        return blocks;
    }

    /** The trust a step sets, whole: as a diff when it replaces one, as it is when it creates a role. */
    private static Optional<SectionTexts.Code> trustShown(PlanStep step) {
        return switch (step.kind()) {
            case REPLACE_TRUST -> {
                PlanStep.ReplaceTrust replace = (PlanStep.ReplaceTrust) step;
                yield Optional.of(new SectionTexts.Code(Mrkdwn.of("*Trust of {}, before → after*", Mrkdwn.code(replace.roleName())),
                        TrustDiff.lines(replace.currentTrust(), replace.trustJson())));
            }
            case CREATE_ROLE -> {
                PlanStep.CreateRole create = (PlanStep.CreateRole) step;
                yield Optional.of(new SectionTexts.Code(Mrkdwn.of("*Trust of the new role {}*", Mrkdwn.code(create.roleName())),
                        TrustPolicy.prettyDocument(create.trustJson()).lines().toList()));
            }
            case ATTACH_POLICY, DETACH_POLICY, CREATE_INSTANCE_PROFILE, ADD_ROLE_TO_INSTANCE_PROFILE, CREATE_ACCESS_ENTRY,
                    DELETE_ACCESS_ENTRY -> Optional.empty();
        };
    }

    /** Lines joined by newlines into runs of at most {@code limit} characters; a longer line is split, never cut. */
    static List<String> chunks(List<String> lines, int limit) {
        return SectionTexts.split(lines, limit);
    }

    static String date(Instant at) {
        return Mrkdwn.date(at).text();
    }
}
