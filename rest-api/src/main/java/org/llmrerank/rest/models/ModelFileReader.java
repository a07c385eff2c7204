package org.llmrerank.rest.models;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * Opens a file of a model directory so that nothing outside the models directory can be read through it.
 * A symbolic link anywhere on the way must resolve inside the directory; the file must be a regular file
 * with one link (a hard link is a second name of a file that may live anywhere on the same disk, and
 * nothing in the directory tells where the other name is); and after reading, the name must still denote the
 * same file on disk, so a link or file swapped in after the checks is refused. {@link #read} returns the bytes it checked, so that no
 * later step re-opens the path. Every refusal is an {@link IllegalArgumentException} naming the file by its
 * path relative to the models directory and never quoting its content.
 */
final class ModelFileReader {

    /** Java arrays (and so a graph handed to ONNX Runtime from memory) stop just short of 2 GiB. */
    static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    private final Path root;
    private final long maxFileBytes;

    /** @param root the models directory's real path */
    ModelFileReader(Path root, long maxFileBytes) {
        this.root = root;
        this.maxFileBytes = maxFileBytes;
    }

    /** A checked file: its real path (inside the models directory), size, identity on disk, and its name in messages. */
    record Checked(Path path, long size, Object fileKey, String label) {}

    /** Runs every check on {@code dir/fileName}; {@code label} names it in messages. */
    Checked check(Path dir, String fileName, String label) {
        Path real;
        try {
            real = dir.resolve(fileName).toRealPath();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("[" + label + "] is missing in the model directory");
        } catch (IOException e) {
            throw unreadable(label, e);
        }
        if (!real.startsWith(root)) {
            throw new IllegalArgumentException("[" + label + "] is a symbolic link resolving outside the models directory");
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw unreadable(label, e);
        }
        if (attributes.isSymbolicLink()) { // replaced by a link since it was resolved
            throw new IllegalArgumentException("[" + label + "] is a symbolic link");
        }
        if (!attributes.isRegularFile()) {
            throw new IllegalArgumentException("[" + label + "] is not a regular file");
        }
        if (linkCount(real, label) > 1) {
            throw new IllegalArgumentException("[" + label + "] is a hard link (it has more than one name, and the others may be"
                + " outside the models directory): copy the file instead");
        }
        long size = attributes.size();
        if (size > maxFileBytes) {
            throw new IllegalArgumentException("[" + label + "] is " + size + " bytes, over the limit of " + maxFileBytes
                + " bytes ([plugins.llm_rerank.models_max_file_size])");
        }
        if (size == 0) {
            throw new IllegalArgumentException("[" + label + "] is empty");
        }
        return new Checked(real, size, attributes.fileKey(), label);
    }

    /**
     * Checks {@code dir/fileName}, reads it, then checks that the name still denotes the very file that was checked (same
     * identity on disk, not a link, same size): a file or link swapped in between is refused, not read. The node's
     * security policy admits only plain read opens, so the re-check after reading stands in for opening without
     * following links.
     */
    byte[] read(Path dir, String fileName, String label) {
        Checked c = check(dir, fileName, label);
        if (c.size() > MAX_ARRAY_BYTES) {
            throw new IllegalArgumentException("[" + label + "] is " + c.size() + " bytes: a file read into memory must be under 2 GiB");
        }
        byte[] content;
        try (FileChannel channel = FileChannel.open(c.path(), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) c.size());
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // keep reading
            }
            if (buffer.hasRemaining() || channel.read(ByteBuffer.allocate(1)) >= 0) {
                throw new IllegalArgumentException("[" + label + "] changed while it was read");
            }
            content = buffer.array();
        } catch (IOException e) {
            throw unreadable(label, e);
        }
        BasicFileAttributes after;
        try {
            after = Files.readAttributes(c.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw unreadable(label, e);
        }
        if (after.isRegularFile() == false || after.size() != c.size()
            || (c.fileKey() != null && c.fileKey().equals(after.fileKey()) == false) || linkCount(c.path(), label) > 1) {
            throw new IllegalArgumentException("[" + label + "] changed while it was read");
        }
        return content;
    }

    static long linkCount(Path real, String label) {
        if (!real.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            return 1; // a file system without hard-link counts (Windows): the real-path check is what it has
        }
        try {
            Map<String, Object> unix = Files.readAttributes(real, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            return ((Number) unix.get("nlink")).longValue();
        } catch (IOException e) {
            throw unreadable(label, e);
        }
    }

    /** Why a file cannot be read, in words that hold no path (the JDK's messages are mostly the path). */
    static IllegalArgumentException unreadable(String label, IOException e) {
        String why;
        if (e instanceof AccessDeniedException) {
            why = "permission denied";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            why = f.getReason();
        } else {
            why = e.getClass().getSimpleName();
        }
        return new IllegalArgumentException("[" + label + "] cannot be read: " + why);
    }
}
