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
 * models bundled as jars, or a file the operator provides.
 */
public final class ModelResource {

    private final String resource;     // non-null for classpath resources
    private final ClassLoader loader;
    private final Path file;           // non-null for files

    private ModelResource(String resource, ClassLoader loader, Path file) {
        this.resource = resource;
        this.loader = loader;
        this.file = file;
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

    /** The file, when this is one: ONNX Runtime can then read it without a copy on the Java heap. */
    public Optional<Path> path() {
        return Optional.ofNullable(file);
    }

    public InputStream open() throws IOException {
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
        try (InputStream in = open()) {
            return in.readAllBytes();
        }
    }

    @Override
    public String toString() {
        return file != null ? "file:" + file : "classpath:" + resource;
    }
}
