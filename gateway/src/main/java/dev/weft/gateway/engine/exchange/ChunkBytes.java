package dev.weft.gateway.engine.exchange;

import dev.weft.proto.exchange.v1.Chunk;
import dev.weft.proto.exchange.v1.ExchangeGrpc;
import dev.weft.proto.exchange.v1.ItemAddress;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;

/**
 * How a fetching hop reads the {@code Chunk}s of {@code Fetch}: the bytes of each chunk go
 * from the transport's buffers straight into the spool being filled (hashed there as they
 * land), instead of into a scratch buffer, then a chunk of their own, then the spool. The
 * wire format is the stock one ({@code bytes data = 1}); a parse yields the bytes taken.
 */
final class ChunkBytes implements MethodDescriptor.Marshaller<Integer> {
    private static final int DATA = (Chunk.DATA_FIELD_NUMBER << 3) | 2;

    private final Spool spool;

    private ChunkBytes(Spool spool) {
        this.spool = spool;
    }

    /** {@code Fetch} whose responses are written into {@code spool} as they are read. */
    static MethodDescriptor<ItemAddress, Integer> fetchInto(Spool spool) {
        MethodDescriptor<ItemAddress, Chunk> stock = ExchangeGrpc.getFetchMethod();
        return stock.toBuilder(stock.getRequestMarshaller(), new ChunkBytes(spool)).build();
    }

    @Override
    public InputStream stream(Integer taken) {
        throw new UnsupportedOperationException("a fetching hop only reads chunks");
    }

    @Override
    public Integer parse(InputStream in) {
        try {
            int taken = 0;
            for (long tag = varint(in); tag >= 0; tag = varint(in)) {
                int type = (int) (tag & 7);
                if (tag == DATA) {
                    int n = length(in);
                    spool.write(in, n);
                    taken += n;
                } else if (type == 0) {
                    varint(in);
                } else if (type == 1 || type == 5) {
                    skip(in, type == 1 ? 8 : 4);
                } else if (type == 2) {
                    skip(in, length(in));
                } else {
                    throw new IOException("wire type " + type);
                }
            }
            return taken;
        } catch (IOException e) {
            throw Status.INTERNAL.withDescription("malformed chunk: " + e.getMessage()).asRuntimeException();
        }
    }

    /** A varint, or -1 at the end of the message. */
    private static long varint(InputStream in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.read();
            if (b < 0) {
                if (shift == 0) {
                    return -1;
                }
                throw new IOException("truncated varint");
            }
            value |= (long) (b & 0x7f) << shift;
            if (b < 0x80) {
                return value;
            }
        }
        throw new IOException("varint too long");
    }

    private static int length(InputStream in) throws IOException {
        long n = varint(in);
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new IOException("bad length " + n);
        }
        return (int) n;
    }

    private static void skip(InputStream in, int n) throws IOException {
        in.skipNBytes(n);
    }
}
