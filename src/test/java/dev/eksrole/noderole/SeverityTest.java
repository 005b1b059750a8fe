package dev.eksrole.noderole;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeverityTest {

    @Test
    void ordersOkBelowWarningBelowNeedsFixBelowUnknown() {
        assertThat(Severity.values()).containsExactly(Severity.OK, Severity.WARNING, Severity.NEEDS_FIX, Severity.UNKNOWN);
        assertThat(Severity.OK).isLessThan(Severity.WARNING);
        assertThat(Severity.WARNING).isLessThan(Severity.NEEDS_FIX);
        assertThat(Severity.NEEDS_FIX).isLessThan(Severity.UNKNOWN);
    }

    @ParameterizedTest
    @CsvSource({"OK, 0", "WARNING, 1", "NEEDS_FIX, 2", "UNKNOWN, 3"})
    void exitCodesFollowTheMonitoringPluginConvention(Severity severity, int exitCode) {
        assertThat(severity.exitCode()).isEqualTo(exitCode);
    }

    @ParameterizedTest
    @CsvSource({
        "OK, OK, OK",
        "OK, WARNING, WARNING",
        "WARNING, OK, WARNING",
        "WARNING, NEEDS_FIX, NEEDS_FIX",
        "NEEDS_FIX, WARNING, NEEDS_FIX",
        "NEEDS_FIX, UNKNOWN, UNKNOWN",
        "UNKNOWN, OK, UNKNOWN",
        "UNKNOWN, UNKNOWN, UNKNOWN",
    })
    void worseKeepsTheWorseOfTwo(Severity one, Severity other, Severity worse) {
        assertThat(one.worse(other)).isEqualTo(worse);
    }

    @Test
    void worstOfNothingIsOk() {
        assertThat(Severity.worstOf(List.of())).isEqualTo(Severity.OK);
    }

    @Test
    void worstOfIsTheWorstWhateverTheOrder() {
        assertThat(Severity.worstOf(List.of(Severity.WARNING, Severity.UNKNOWN, Severity.OK))).isEqualTo(Severity.UNKNOWN);
        assertThat(Severity.worstOf(List.of(Severity.NEEDS_FIX, Severity.WARNING))).isEqualTo(Severity.NEEDS_FIX);
        assertThat(Severity.worstOf(List.of(Severity.WARNING, Severity.WARNING))).isEqualTo(Severity.WARNING);
    }

    @ParameterizedTest
    @CsvSource({
        "ASSUME_ROLE_FAILED, UNKNOWN",
        "IAM_READ_FAILED, UNKNOWN",
        "NO_NODE_ROLE, NEEDS_FIX",
        "MISSING_POLICY, NEEDS_FIX",
        "CNI_POLICY_ON_NODE_ROLE, WARNING",
        "TRUST_DOES_NOT_ALLOW_EC2, NEEDS_FIX",
        "TRUST_NOT_EXACT, WARNING",
    })
    void eachFindingCodeHasItsContractSeverity(FindingCode code, Severity severity) {
        assertThat(code.severity()).isEqualTo(severity);
    }
}
