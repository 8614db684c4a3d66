package dev.weft.gateway.engine.exchange;

import dev.weft.gateway.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
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
    private void write(String file, byte[] bytes) throws IOException {
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

    private byte[] read(String file) throws IOException {
        return Files.readAllBytes(path.resolve(file));
    }

    /**
     * Writes the entry {@code name}: {@code name.bin} with {@code bytes}, then {@code name.json} with
     * {@code description} as JSON, so a description never names bytes that are not all there.
     */
    void writeEntry(String name, byte[] bytes, Object description) throws IOException {
        write(name + ".bin", bytes);
        write(name + ".json", Json.PLAIN.write(description).getBytes(StandardCharsets.UTF_8));
    }

    <T> T description(String name, Class<T> type) throws IOException {
        return Json.PLAIN.mapper().readValue(read(name + ".json"), type);
    }

    byte[] bytes(String name) throws IOException {
        return read(name + ".bin");
    }

    /**
     * What {@code read} makes of each entry whose name matches {@code glob}; the entries it makes nothing
     * (null) of are deleted.
     */
    <T> List<T> entries(String glob, String what, Function<String, T> read) {
        List<T> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(path, glob + ".json")) {
            for (Path file : files) {
                String name = file.getFileName().toString().replaceFirst("\\.json$", "");
                T entry = read.apply(name);
                if (entry == null) {
                    deleteEntry(what, name);
                } else {
                    out.add(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the " + what + "s in " + path, e);
        }
        return out;
    }

    /** Deletes the entry {@code name} of {@code what} (named in the warning when it cannot be deleted). */
    void deleteEntry(String what, String name) {
        try {
            Files.deleteIfExists(path.resolve(name + ".json"));
            Files.deleteIfExists(path.resolve(name + ".bin"));
        } catch (IOException e) {
            LOG.warn("cannot delete {} {} in {}: {}", what, name, path, e.toString());
        }
    }
}
