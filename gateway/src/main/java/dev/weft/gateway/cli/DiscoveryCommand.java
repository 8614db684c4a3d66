package dev.weft.gateway.cli;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.Profile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft chain discovery}: waits until every peer of the given profiles
 * (default: every profile of the run folder) has, in its discovery service, an
 * endorsement plan for every given chaincode (issue 8: {@code test-network.sh
 * deploy} returns only then, so the first command after it does not fail with
 * "no combination of peers can be derived"). It endorses, never submits.
 */
@Command(name = "discovery", mixinStandardHelpOptions = true,
        description = "Wait until every peer's discovery has an endorsement plan for the chaincodes.")
final class DiscoveryCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--profile", description = "Profiles whose peers to ask (default: every profile).")
    List<String> profiles;

    @Option(names = "--chaincode", required = true, description = "Chaincodes that need a plan (repeatable).")
    List<String> chaincodes;

    @Option(names = "--user", defaultValue = "User1", description = "User that signs the probes.")
    String user;

    @Option(names = "--timeout", defaultValue = "2m", converter = DurationConverter.class,
            description = "How long each peer may take for each chaincode (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (String name : profiles == null || profiles.isEmpty() ? allProfiles() : profiles) {
            Profile profile = Profile.load(name);
            for (int i = 0; i < profile.peers().size(); i++) {
                try (ChainClient chain = ChainClient.connect(profile.connection(user, i))) {
                    for (String chaincode : chaincodes) {
                        Duration waited = chain.awaitEndorsementPlan(chaincode, timeout);
                        out.printf("%s: endorsement plan for %s (waited %.1f s)%n", profile.peers().get(i).name(),
                                chaincode, waited.toMillis() / 1000.0);
                        out.flush();
                    }
                }
            }
        }
        return 0;
    }

    private static List<String> allProfiles() {
        Path folder = Profile.profilesFolder();
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.map(Path::toString).filter(f -> f.endsWith(".json")).sorted().forEach(names::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the profiles in " + folder, e);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no profiles in " + folder + "; is the network up?");
        }
        return names;
    }
}
