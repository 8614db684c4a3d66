package dev.weft.gateway.engine.exchange;

import dev.weft.gateway.transport.TlsStreams;
import dev.weft.proto.exchange.v1.ItemAddress;
import dev.weft.proto.exchange.v1.StreamAnswer;
import io.grpc.Status;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetching end of the item stream ({@link StreamPort}): one mutual-TLS connection a
 * fetch, the request written, the frames read straight into the spool (which counts the
 * bytes and, at the receiving engine, hashes them on a second thread as they land). When
 * the stream cannot be used at all — nothing listens, the handshake fails, the connection closes before an
 * answer, or the port answers UNAVAILABLE — the spool is left untouched and the caller
 * fetches over gRPC {@code Fetch} instead ({@link Outcome#FALL_BACK}); a refusal that
 * {@code Fetch} would give as well (NOT_FOUND, PERMISSION_DENIED) and any failure once bytes
 * arrived fail the spool.
 */
final class StreamFetch {
    private static final Logger LOG = LoggerFactory.getLogger(StreamFetch.class);
    static final int CONNECT_MS = 5_000;
    /** Bytes read into the spool at a time: a relay passes on what is in while the rest arrives. */
    private static final int SLICE = 256 * 1024;

    /** What became of a fetch: the spool filled or failed ({@link #ANSWERED}), or untouched. */
    enum Outcome { ANSWERED, FALL_BACK }

    private final SSLContext context;
    private final ExchangeTrust trust;
    private final Executor hashing;

    /** @param hashing where a receiving spool's digest is computed while the bytes still arrive */
    StreamFetch(SSLContext context, ExchangeTrust trust, Executor hashing) {
        this.context = context;
        this.trust = trust;
        this.hashing = hashing;
    }

    /**
     * Streams the item {@code request} names from {@code address} into {@code spool}; the server's
     * certificate must be of one of {@code servers} (the item's sender or this organisation).
     */
    Outcome fill(String address, ItemAddress request, Spool spool, Set<String> servers) {
        SSLSocket socket;
        try {
            socket = TlsStreams.connect(context, address, CONNECT_MS, (int) LargeItems.CALL_DEADLINE_MS);
        } catch (IOException e) {
            LOG.debug("item stream {} not reachable ({}); fetching over gRPC", address, e.toString());
            return Outcome.FALL_BACK;
        }
        try (socket) {
            X509Certificate peer = TlsStreams.peer(socket);
            String server = peer == null ? null : trust.organisationOf(peer).orElse(null);
            if (server == null || !servers.contains(server)) {
                spool.fail("fetch failed: " + Status.Code.PERMISSION_DENIED + " the item stream at " + address
                        + " is served by " + server + ", not by one of " + servers);
                return Outcome.ANSWERED;
            }
            OutputStream out = socket.getOutputStream();
            request.writeDelimitedTo(out);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            StreamAnswer answer;
            try {
                answer = StreamPort.readAnswer(in);
            } catch (IOException e) {
                LOG.debug("item stream {} gave no answer ({}); fetching over gRPC", address, e.toString());
                return Outcome.FALL_BACK;
            }
            if (answer.getCode().equals(Status.Code.UNAVAILABLE.name())) {
                LOG.debug("item stream {} unavailable ({}); fetching over gRPC", address, answer.getReason());
                return Outcome.FALL_BACK;
            }
            if (!answer.getCode().isEmpty()) {
                spool.fail("fetch failed: " + answer.getCode() + " " + answer.getReason());
                return Outcome.ANSWERED;
            }
            if (answer.getSize() != spool.size()) {
                spool.fail("the item stream at " + address + " serves " + answer.getSize() + " bytes, not the "
                        + "announced " + spool.size());
                return Outcome.ANSWERED;
            }
            spool.hashBehind(hashing);
            read(in, spool, address);
        } catch (IOException e) {
            spool.fail("fetch failed: " + Status.Code.UNAVAILABLE + " the item stream from " + address + " broke: "
                    + e.getMessage());
        } catch (RuntimeException e) {
            spool.fail(e.getMessage() != null ? e.getMessage() : e.toString());
        }
        return Outcome.ANSWERED;
    }

    /** The frames of an accepted item, into {@code spool}, within the call deadline of {@code Fetch}. */
    private static void read(DataInputStream in, Spool spool, String address) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LargeItems.CALL_DEADLINE_MS);
        for (int n = in.readInt(); n != 0; n = in.readInt()) {
            if (n < 0) {
                StreamAnswer why = StreamPort.readAnswer(in);
                spool.fail("fetch failed: " + why.getCode() + " " + why.getReason());
                return;
            }
            for (int left = n; left > 0; ) {
                int part = Math.min(SLICE, left);
                spool.receive(in, part);
                left -= part;
            }
            if (System.nanoTime() - deadline > 0) {
                spool.fail("fetch failed: " + Status.Code.DEADLINE_EXCEEDED + " the item stream from " + address
                        + " took over " + LargeItems.CALL_DEADLINE_MS + " ms");
                return;
            }
        }
        spool.finish();
    }
}
