package dev.eksrole.noderole;

import java.util.List;

/**
 * One rule of the check. Every rule has this shape: it reads the facts of an account and returns a
 * result for each subject it judges, passes included, in the order a message lists them.
 */
public interface Rule {

    List<RuleResult> evaluate(AccountFacts facts);
}
