package io.github.skyremote.core.job;

import io.github.skyremote.core.process.SecretMasker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.CharacterData;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.w3c.dom.ProcessingInstruction;
import org.xml.sax.SAXException;

/** Counts and failed test names from a pytest JUnit XML report, for a Surefire-style summary. */
public record JunitReport(int tests, int failures, int errors, int skipped, List<String> failed) {

    /** {@code Tests run: N, Failures: F, Errors: E, Skipped: S}, as Surefire prints it. */
    public String summary() {
        return "Tests run: " + tests + ", Failures: " + failures + ", Errors: " + errors + ", Skipped: " + skipped;
    }

    /** A parser that reads no DTD and expands no entity but the predefined ones (no XXE). */
    private static DocumentBuilder secureBuilder() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setExpandEntityReferences(false);
        factory.setCoalescing(true); // CDATA joined with its neighbouring text: a secret may straddle them
        return factory.newDocumentBuilder();
    }

    public static JunitReport parse(Path xml) throws IOException {
        Document document;
        try {
            document = secureBuilder().parse(xml.toFile());
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot parse the JUnit report " + xml + ": " + e.getMessage(), e);
        }
        int tests = 0;
        int failures = 0;
        int errors = 0;
        int skipped = 0;
        List<String> failed = new ArrayList<>();
        NodeList cases = document.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element testCase = (Element) cases.item(i);
            tests++;
            String outcome = outcome(testCase);
            switch (outcome) {
                case "failure" -> failures++;
                case "error" -> errors++;
                case "skipped" -> skipped++;
                default -> {
                }
            }
            if (outcome.equals("failure") || outcome.equals("error")) {
                String classname = testCase.getAttribute("classname");
                String name = testCase.getAttribute("name");
                String id = classname.isEmpty() ? name : classname + "." + name;
                if (!failed.contains(id)) { // pytest reports a test whose teardown also failed twice
                    failed.add(id);
                }
            }
        }
        return new JunitReport(tests, failures, errors, skipped, List.copyOf(failed));
    }

    /**
     * Writes a report with every secret masked in its parsed text (text, CDATA, comments, processing instructions and
     * attribute values): in the raw bytes a secret may be escaped ({@code &amp;}, {@code &#38;}, {@code &lt;}) or cut
     * by a CDATA section, and would not be found. A report that is not well-formed XML is not written.
     */
    public static void writeMasked(byte[] xml, SecretMasker masker, Path target) throws IOException {
        Document document;
        try {
            document = secureBuilder().parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("the report sent back by the job is not well-formed XML: " + e.getMessage(), e);
        }
        document.normalizeDocument();
        mask(document.getDocumentElement(), masker);
        Files.createDirectories(target.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(target)) {
            TransformerFactory factory = TransformerFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Transformer transformer = factory.newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.transform(new DOMSource(document), new StreamResult(out));
        } catch (TransformerException e) {
            throw new IOException("cannot write the JUnit report " + target + ": " + e.getMessage(), e);
        }
    }

    private static void mask(Node node, SecretMasker masker) {
        if (node instanceof CharacterData data) { // text, CDATA, comment
            data.setData(masker.mask(data.getData()));
        } else if (node instanceof ProcessingInstruction instruction) {
            instruction.setData(masker.mask(instruction.getData()));
        }
        NamedNodeMap attributes = node.getAttributes();
        if (attributes != null) {
            for (int i = 0; i < attributes.getLength(); i++) {
                Node attribute = attributes.item(i);
                attribute.setNodeValue(masker.mask(attribute.getNodeValue()));
            }
        }
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            mask(child, masker);
        }
    }

    private static String outcome(Element testCase) {
        for (Node child = testCase.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                String tag = element.getTagName();
                if (tag.equals("failure") || tag.equals("error") || tag.equals("skipped")) {
                    return tag;
                }
            }
        }
        return "passed";
    }
}
