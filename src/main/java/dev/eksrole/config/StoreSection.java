package dev.eksrole.config;

import dev.eksrole.config.EksroleConfig.Store;
import java.nio.file.Path;
import java.util.List;

/** The {@code store:} section: the database of plans and the audit trail. */
final class StoreSection {

    static final List<String> KEYS = List.of("dataDir", "jdbcUrl", "username", "password");
    static final String DEFAULT_DATA_DIR = "data";

    private StoreSection() {}

    static Store parse(ConfigNode node) throws ConfigException {
        node.allowOnly(KEYS);
        Path dataDir = Path.of(node.string("dataDir", DEFAULT_DATA_DIR, null, null));
        String jdbcUrl = node.string("jdbcUrl", null, null, null);
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:")) {
            throw new ConfigException("store.jdbcUrl", "must be a JDBC URL starting with jdbc: (e.g. jdbc:postgresql://db:5432/eksrole)");
        }
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            // only the scheme: the rest of a URL may hold a password
            String scheme = jdbcUrl.substring(0, jdbcUrl.indexOf(':', 5) < 0 ? jdbcUrl.length() : jdbcUrl.indexOf(':', 5) + 1);
            throw new ConfigException("store.jdbcUrl", scheme + " is neither H2 nor PostgreSQL, the two stores eksrole supports; "
                    + "use jdbc:postgresql://host:5432/eksrole, or leave store.jdbcUrl out for the H2 file under store.dataDir");
        }
        return new Store(dataDir, jdbcUrl, node.string("username", null, null, null), node.string("password", null, null, null));
    }
}
