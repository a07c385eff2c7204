package org.llmrerank.charts;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.knowm.xchart.XYChart;

/**
 * Charts side by side on one sheet, written as PNG (to look at) and SVG (to scale). XChart draws every letter as an
 * outline, so neither file holds its words as text; both carry the sheet's titles and series names as metadata instead
 * (SVG {@code <title>} and {@code <desc>}, PNG {@code Title} and {@code Description} text chunks), which screen readers
 * and searches read.
 */
public final class ChartSheet {

    private static final String PNG_METADATA = "javax_imageio_png_1.0";

    private final List<XYChart> charts;

    public ChartSheet(List<XYChart> charts) {
        if (charts.isEmpty()) {
            throw new IllegalArgumentException("a sheet needs at least one chart");
        }
        this.charts = List.copyOf(charts);
    }

    public int width() {
        return charts.stream().mapToInt(XYChart::getWidth).sum();
    }

    public int height() {
        return charts.stream().mapToInt(XYChart::getHeight).max().orElseThrow();
    }

    /** Writes {@code base.png} and {@code base.svg} into {@code dir}; returns the two files. */
    public List<Path> write(Path dir, String base) throws IOException {
        Files.createDirectories(dir);
        Path png = dir.resolve(base + ".png");
        Path svg = dir.resolve(base + ".svg");
        writePng(png);
        writeSvg(svg);
        return List.of(png, svg);
    }

    /** The charts' titles, joined. */
    public String title() {
        return charts.stream().map(XYChart::getTitle).collect(Collectors.joining(" | "));
    }

    /** Each chart's title and its series, in drawing order. */
    public String description() {
        return charts.stream().map(c -> c.getTitle() + ": " + String.join(", ", c.getSeriesMap().keySet()))
                .collect(Collectors.joining("; "));
    }

    private void writePng(Path file) throws IOException {
        BufferedImage image = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            paint(g);
        } finally {
            g.dispose();
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
        metadata.mergeTree(PNG_METADATA, pngText(Map.of("Title", title(), "Description", description())));
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, metadata), param);
        } finally {
            writer.dispose();
        }
    }

    private static IIOMetadataNode pngText(Map<String, String> entries) {
        IIOMetadataNode text = new IIOMetadataNode("tEXt");
        new TreeMap<>(entries).forEach((keyword, value) -> {
            IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
            entry.setAttribute("keyword", keyword);
            entry.setAttribute("value", value);
            text.appendChild(entry);
        });
        IIOMetadataNode root = new IIOMetadataNode(PNG_METADATA);
        root.appendChild(text);
        return root;
    }

    private void writeSvg(Path file) throws IOException {
        VectorGraphics2D g = new VectorGraphics2D();
        paint(g);
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, width(), height())).writeTo(svg);
        Files.writeString(file, withTitle(svg.toString(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /** The SVG with {@code <title>} and {@code <desc>} as the root element's first children. */
    private String withTitle(String svg) {
        int root = svg.indexOf("<svg");
        int open = root < 0 ? -1 : svg.indexOf('>', root);
        if (open < 0) {
            throw new IllegalStateException("the SVG writer wrote no <svg> element");
        }
        return svg.substring(0, open + 1) + "\n<title>" + xml(title()) + "</title>\n<desc>" + xml(description()) + "</desc>"
                + svg.substring(open + 1);
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private void paint(Graphics2D g) {
        int x = 0;
        for (XYChart chart : charts) {
            Graphics2D panel = (Graphics2D) g.create(x, 0, chart.getWidth(), chart.getHeight());
            try {
                chart.paint(panel, chart.getWidth(), chart.getHeight());
            } finally {
                panel.dispose();
            }
            x += chart.getWidth();
        }
    }
}
