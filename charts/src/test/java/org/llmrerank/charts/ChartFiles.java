package org.llmrerank.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Checks on written pictures: a PNG that decodes at the sheet's size, an SVG that parses, and the words each carries. */
final class ChartFiles {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private ChartFiles() {}

    static void assertPng(Path file, int width, int height) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, PNG_SIGNATURE.length), file + " starts with the PNG signature");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " decodes");
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
    }

    /** Parses the SVG (as XML, root {@code svg}) and returns its {@code <title>} and {@code <desc>}, one line each. */
    static String svgWords(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        // the SVG 1.1 DOCTYPE names a DTD on the web: never fetch it
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document svg = f.newDocumentBuilder().parse(file.toFile());
        assertEquals("svg", svg.getDocumentElement().getLocalName(), file + " is an SVG document");
        return text(svg.getElementsByTagNameNS("*", "title")) + "\n" + text(svg.getElementsByTagNameNS("*", "desc"));
    }

    private static String text(NodeList nodes) {
        assertEquals(1, nodes.getLength());
        return nodes.item(0).getTextContent();
    }

    /** The PNG's {@code Title} and {@code Description} text chunks, one line each. */
    static String pngWords(Path file) throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
            reader.setInput(in);
            Node root = reader.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
            Map<String, String> entries = new TreeMap<>();
            for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n.getNodeName().equals("tEXt")) {
                    for (Node e = n.getFirstChild(); e != null; e = e.getNextSibling()) {
                        entries.put(((Element) e).getAttribute("keyword"), ((Element) e).getAttribute("value"));
                    }
                }
            }
            reader.dispose();
            return entries.get("Title") + "\n" + entries.get("Description");
        }
    }
}
