package org.llmrerank.routing;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a model file (ONNX graph, tokenizer.json) comes from: a classpath resource, for the
 * models bundled as jars, a file the operator provides, or a file's contents already read.
 */
public final class ModelResource {

    private final String resource;     // non-null for classpath resources
    private final ClassLoader loader;
    private final Path file;           // non-null for files
    private final byte[] content;      // non-null for contents already read
    private final String label;        // how a resource of content is named in messages

    private ModelResource(String resource, ClassLoader loader, Path file) {
        this(resource, loader, file, null, null);
    }

    private ModelResource(String resource, ClassLoader loader, Path file, byte[] content, String label) {
        this.resource = resource;
        this.loader = loader;
        this.file = file;
        this.content = content;
        this.label = label;
    }

    /**
     * A resource at the root of (or inside) a jar on {@code loader}'s classpath. Inside OpenSearch
     * pass the plugin's class loader: the server's does not see plugin jars.
     */
    public static ModelResource classpath(String resourceName, ClassLoader loader) {
        Objects.requireNonNull(resourceName, "resourceName");
        Objects.requireNonNull(loader, "loader");
        String name = resourceName.startsWith("/") ? resourceName.substring(1) : resourceName;
        return new ModelResource(name, loader, null);
    }

    /** A resource visible to the class loader that loaded this library. */
    public static ModelResource classpath(String resourceName) {
        return classpath(resourceName, ModelResource.class.getClassLoader());
    }

    public static ModelResource file(Path path) {
        return new ModelResource(null, null, Objects.requireNonNull(path, "path"));
    }

    /**
     * Contents already read (and checked) by the caller, named {@code label} in messages: nothing re-opens a
     * file whose checks may no longer hold, and no message names where it was read from.
     */
    public static ModelResource content(String label, byte[] content) {
        return new ModelResource(null, null, null, Objects.requireNonNull(content, "content"), Objects.requireNonNull(label, "label"));
    }

    /** The file, when this is one: ONNX Runtime can then read it without a copy on the Java heap. */
    public Optional<Path> path() {
        return Optional.ofNullable(file);
    }

    public InputStream open() throws IOException {
        if (content != null) {
            return new java.io.ByteArrayInputStream(content);
        }
        if (file != null) {
            return Files.newInputStream(file);
        }
        InputStream in = loader.getResourceAsStream(resource);
        if (in == null) {
            throw new FileNotFoundException("classpath resource [" + resource + "] not found; is its model jar on the classpath?");
        }
        return in;
    }

    /** Bytes in the file or resource (for a model graph: what its weights occupy, the stats' model memory). */
    public long size() throws IOException {
        if (content != null) {
            return content.length;
        }
        if (file != null) {
            return Files.size(file);
        }
        java.net.URL url = loader.getResource(resource);
        if (url == null) {
            throw new FileNotFoundException("classpath resource [" + resource + "] not found; is its model jar on the classpath?");
        }
        java.net.URLConnection c = url.openConnection();
        c.setUseCaches(false); // a cached jar connection would pin the jar file open
        return c.getContentLengthLong();
    }

    public byte[] readAllBytes() throws IOException {
        if (content != null) {
            return content; // not copied: a graph can be most of the heap, and ONNX Runtime only reads it
        }
        try (InputStream in = open()) {
            return in.readAllBytes();
        }
    }

    @Override
    public String toString() {
        if (content != null) {
            return label;
        }
        return file != null ? "file:" + file : "classpath:" + resource;
    }
}
