package dev.weft.gateway.engine.exchange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder of an engine's own (owner-only, {@code rwx------}) that keeps exchange data across
 * restarts ({@link ResultShelf}, {@link ReceivedShelf}). Each file is written through an
 * owner-only temporary file in the same folder, forced to disk and moved into place, so a file
 * is either absent or whole.
 */
final class OwnerOnlyFolder {
    private static final Logger LOG = LoggerFactory.getLogger(OwnerOnlyFolder.class);
    private final Path path;

    private OwnerOnlyFolder(Path path) {
        this.path = path;
    }

    /** The folder at {@code path}, created owner-only when it does not exist; {@code what} names it in errors. */
    static OwnerOnlyFolder open(Path path, String what) {
        try {
            if (!Files.isDirectory(path)) {
                Files.createDirectories(path.toAbsolutePath().getParent());
                Files.createDirectory(path, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            return new OwnerOnlyFolder(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of " + what + " " + path, e);
        }
    }

    Path path() {
        return path;
    }

    /** Writes {@code bytes} as {@code file}, whole or not at all. */
    void write(String file, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(path, file, ".tmp", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, path.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    byte[] read(String file) throws IOException {
        return Files.readAllBytes(path.resolve(file));
    }

    /** The names (without the suffix) of the files matching {@code glob} ending in {@code suffix}. */
    List<String> names(String glob, String suffix) {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(path, glob + suffix)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                out.add(name.substring(0, name.length() - suffix.length()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path, e);
        }
        return out;
    }

    /** Deletes the files of {@code what} (named in the warning when one cannot be deleted). */
    void delete(String what, String... files) {
        try {
            for (String f : files) {
                Files.deleteIfExists(path.resolve(f));
            }
        } catch (IOException e) {
            LOG.warn("cannot delete {} in {}: {}", what, path, e.toString());
        }
    }
}
