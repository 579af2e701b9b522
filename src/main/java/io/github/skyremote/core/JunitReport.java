package io.github.skyremote.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** Counts and failed test names from a pytest JUnit XML report, for a Surefire-style summary. */
public record JunitReport(int tests, int failures, int errors, int skipped, List<String> failed) {

    /** {@code Tests run: N, Failures: F, Errors: E, Skipped: S}, as Surefire prints it. */
    public String summary() {
        return "Tests run: " + tests + ", Failures: " + failures + ", Errors: " + errors + ", Skipped: " + skipped;
    }

    public static JunitReport parse(Path xml) throws IOException {
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            document = builder.parse(xml.toFile());
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
