package org.llmrerank.routing.hf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A checkpoint folder whose files may only be read from inside it. File names come from files the
 * user (or whoever published the checkpoint) wrote, e.g. a shard index's {@code weight_map}, so a
 * name like {@code ../../etc/passwd} or a symlink pointing elsewhere must not reach the file system:
 * both are rejected here, before anything is opened.
 */
public final class CheckpointDirectory {

    private final Path root; // real path: symlinks resolved

    private CheckpointDirectory(Path root) {
        this.root = root;
    }

    public static CheckpointDirectory of(Path directory) {
        try {
            Path real = directory.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new CheckpointException(directory + ": not a directory");
            }
            return new CheckpointDirectory(real);
        } catch (IOException e) {
            throw new CheckpointException(directory + ": cannot open checkpoint directory: " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    public boolean exists(String name) {
        return Files.exists(root.resolve(requireRelativeName(name)));
    }

    /**
     * The real path of {@code name}, a plain relative file name inside this directory.
     *
     * @throws CheckpointException for absolute names, {@code ..} segments, a missing file, or a
     *                             file (or symlink) whose real location is outside the directory
     */
    public Path resolve(String name) {
        Path candidate = root.resolve(requireRelativeName(name));
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException e) {
            throw new CheckpointException(root + ": checkpoint file '" + name + "' cannot be opened: " + e, e);
        }
        if (!real.startsWith(root)) {
            throw new CheckpointException(root + ": checkpoint file '" + name + "' resolves to " + real
                    + ", outside the checkpoint directory");
        }
        if (!Files.isRegularFile(real)) {
            throw new CheckpointException(root + ": checkpoint file '" + name + "' is not a regular file");
        }
        return real;
    }

    private String requireRelativeName(String name) {
        if (name == null || name.isEmpty()) {
            throw new CheckpointException(root + ": empty checkpoint file name");
        }
        Path p = Path.of(name);
        if (p.isAbsolute() || name.startsWith("/") || name.startsWith("\\")) {
            throw new CheckpointException(root + ": checkpoint file name '" + name + "' is absolute");
        }
        for (Path part : p) {
            if (part.toString().equals("..")) {
                throw new CheckpointException(root + ": checkpoint file name '" + name + "' leaves the directory");
            }
        }
        return name;
    }
}
