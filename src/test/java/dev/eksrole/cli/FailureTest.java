package dev.eksrole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.Stage;
import dev.eksrole.store.StoreException;
import dev.eksrole.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The one mapping from what went wrong to exit code, stable code and message. */
class FailureTest {

    /** A module whose singleton fails as the store does when it cannot open: inside Guice's CreationException. */
    private static CreationException creationFailure(RuntimeException cause) {
        try {
            Guice.createInjector(Stage.PRODUCTION, new AbstractModule() {
                @Provides
                @Singleton
                String failing() {
                    throw cause;
                }
            });
        } catch (CreationException e) {
            return e;
        }
        throw new AssertionError("the injector was created");
    }

    @Test
    void findsTheStoreFailureInsideGuicesCreationException() {
        Failure failure = Failure.of(creationFailure(new StoreException("cannot read plan p-1: gone")), "serve");

        assertThat(failure).isEqualTo(new Failure(69, "store_unavailable", "store unavailable: cannot read plan p-1: gone"));
    }

    @Test
    void anythingUnexpectedIsInternalWithOneLineAndUnknownForChecks() {
        IllegalStateException bug = new IllegalStateException("no session\n\tat somewhere");

        assertThat(Failure.of(creationFailure(bug), "serve")).isEqualTo(new Failure(70, "internal",
                "internal error: IllegalStateException: no session; run with EKSROLE_LOG_LEVEL=DEBUG for the stack trace"));
        assertThat(Failure.of(bug, "check").exitCode()).as("a check that cannot decide is UNKNOWN").isEqualTo(3);
        assertThat(Failure.of(new ConfigException("accounts", "missing"), "check").exitCode()).isEqualTo(64);
    }

    @Test
    void jsonIsOneObjectWithCodeAndMessage() {
        assertThat(Failure.usage("say \"which\"").json()).isEqualTo("{\"error\":\"usage\",\"message\":\"say \\\"which\\\"\"}");
    }
}
