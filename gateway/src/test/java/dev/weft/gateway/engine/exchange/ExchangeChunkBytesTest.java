package dev.weft.gateway.engine.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.weft.gateway.engine.Digests;
import dev.weft.proto.exchange.v1.Chunk;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A fetching hop's chunks written straight into its spool: count and digest still checked. */
class ExchangeChunkBytesTest {
    private static final byte[] ITEM = new byte[3 * 1000 + 7];

    static {
        new Random(5).nextBytes(ITEM);
    }

    private static Spool spool(byte[] expected) {
        return Spool.expecting(expected.length, Digests.sha256Hex(expected), ExchangePort.MAX_ITEM_BYTES);
    }

    private static int feed(ChunkBytesParser parse, byte[] bytes, int from, int to) {
        byte[] wire = Chunk.newBuilder().setData(ByteString.copyFrom(bytes, from, to - from)).build().toByteArray();
        return parse.parse(new ByteArrayInputStream(wire));
    }

    private interface ChunkBytesParser {
        int parse(java.io.InputStream in);
    }

    private static ChunkBytesParser parser(Spool spool) {
        return in -> ChunkBytes.fetchInto(spool).parseResponse(in);
    }

    @Test
    @DisplayName("S1.10 large items: chunks parsed into the spool give the item, digest checked at the end")
    void chunksFillTheSpool() throws Exception {
        Spool spool = spool(ITEM);
        ChunkBytesParser parse = parser(spool);
        assertThat(feed(parse, ITEM, 0, 1000)).isEqualTo(1000);
        assertThat(spool.read(0, 4096, 10).toByteArray()).isEqualTo(Arrays.copyOf(ITEM, 1000));
        assertThat(feed(parse, ITEM, 1000, ITEM.length)).isEqualTo(ITEM.length - 1000);
        assertThat(spool.finish()).isNull();
        assertThat(spool.bytes()).isEqualTo(ITEM);
    }

    @Test
    @DisplayName("S1.10 large items: tampered bytes fail the spool at its digest, extra bytes at once")
    void tamperedAndExtraBytesRefused() {
        byte[] tampered = ITEM.clone();
        tampered[17] ^= 1;
        Spool spool = spool(ITEM);
        feed(parser(spool), tampered, 0, tampered.length);
        assertThat(spool.finish()).contains("do not match the digest");
        assertThatThrownBy(spool::bytes).isInstanceOf(IllegalStateException.class);

        Spool small = spool(Arrays.copyOf(ITEM, 100));
        assertThatThrownBy(() -> feed(parser(small), ITEM, 0, 101)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("more bytes than the announced 100");
        assertThat(small.failure()).contains("more bytes");
    }

    @Test
    @DisplayName("S1.10 large items relayed: a relay's spool checks the count, the receiving engine's the digest")
    void relayCountsReceiverChecksDigest() throws Exception {
        byte[] tampered = ITEM.clone();
        tampered[2000] ^= 1;
        String digest = Digests.sha256Hex(ITEM);
        Spool relay = Spool.passing(ITEM.length, digest, ExchangePort.MAX_ITEM_BYTES);
        feed(parser(relay), tampered, 0, tampered.length);
        assertThat(relay.finish()).isNull();

        Spool receiver = spool(ITEM);
        byte[] passedOn = relay.read(0, ITEM.length, 10).toByteArray();
        feed(parser(receiver), passedOn, 0, passedOn.length);
        assertThat(receiver.finish()).contains("do not match the digest");
        assertThatThrownBy(receiver::bytes).isInstanceOf(IllegalStateException.class);

        Spool short_ = Spool.passing(ITEM.length, digest, ExchangePort.MAX_ITEM_BYTES);
        feed(parser(short_), ITEM, 0, 100);
        assertThat(short_.finish()).contains("only 100 of " + ITEM.length);
        assertThatThrownBy(() -> short_.read(0, 10, 10)).isInstanceOf(IllegalStateException.class);
    }
}
