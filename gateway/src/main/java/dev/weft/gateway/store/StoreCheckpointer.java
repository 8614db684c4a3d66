package dev.weft.gateway.store;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.Checkpointer;

/**
 * A fabric-gateway {@link Checkpointer} kept in the store under a stream name,
 * with the semantics of fabric-gateway's {@code FileCheckpointer}: after a block,
 * resume at the next block; after a transaction or event, resume at its block,
 * after that transaction. Every call reads or writes the database, so it also
 * sees checkpoints that {@link GatewayStore#recordTasks} advanced.
 */
final class StoreCheckpointer implements Checkpointer {
    private final Database database;
    private final String stream;
    private final Clock clock;

    StoreCheckpointer(Database database, String stream, Clock clock) {
        this.database = database;
        this.stream = stream;
        this.clock = clock;
    }

    @Override
    public void checkpointBlock(long blockNumber) throws IOException {
        save(new CheckpointTable.Position(blockNumber + 1, null));
    }

    @Override
    public void checkpointTransaction(long blockNumber, String transactionId) throws IOException {
        save(new CheckpointTable.Position(blockNumber, transactionId));
    }

    @Override
    public void checkpointChaincodeEvent(ChaincodeEvent event) throws IOException {
        checkpointTransaction(event.getBlockNumber(), event.getTransactionId());
    }

    @Override
    public OptionalLong getBlockNumber() {
        return position().map(p -> OptionalLong.of(p.blockNumber())).orElse(OptionalLong.empty());
    }

    @Override
    public Optional<String> getTransactionId() {
        return position().map(CheckpointTable.Position::transactionId);
    }

    private Optional<CheckpointTable.Position> position() {
        return database.read("read checkpoint " + stream, c -> CheckpointTable.find(c, stream));
    }

    private void save(CheckpointTable.Position position) throws IOException {
        if (position().filter(position::equals).isPresent()) {
            return; // already there (recordTasks moved it with its entries): spare the disk a sync
        }
        try {
            database.write("checkpoint " + stream,
                    c -> {
                        CheckpointTable.save(c, stream, position, clock.instant());
                        return null;
                    });
        } catch (StoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "StoreCheckpointer[" + stream + "]";
    }
}
