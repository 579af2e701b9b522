package io.github.skyremote.core.job;

import io.github.skyremote.core.process.SecretMasker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class JunitReportTest {
    private static final String SECRET = "hf_a&b<c>\"d'e";

    @TempDir
    Path tmp;

    private Path write(String xml, SecretMasker masker) throws IOException {
        Path target = tmp.resolve("reports/TEST-remote.xml");
        JunitReport.writeMasked(xml.getBytes(StandardCharsets.UTF_8), masker, target);
        return target;
    }

    @Test
    void secretsAreMaskedInTheParsedTextHoweverTheyAreEscaped() throws Exception {
        String pem = "-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0\n-----END KEY-----";
        String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><testsuites><testsuite name=\"pytest\" tests=\"1\""
                + " failures=\"1\"><testcase classname=\"t\" name=\"test_x[hf_a&amp;b&lt;c&gt;&quot;d&apos;e]\">"
                + "<failure message=\"assert 'hf_a&#38;b&#60;c&#x3E;&#34;d&#39;e' == 'x'\">hf_a&amp;b&lt;c"
                + "<![CDATA[>\"d'e]]> in the trace</failure>"
                + "<system-out>key:\nMIIEvQIBADANBgkqhkiG9w0\n<!-- in a comment: hf_a&b<c>\"d'e -->"
                + "</system-out></testcase></testsuite></testsuites>";
        Path target = write(xml, new SecretMasker(List.of(SECRET, pem)));
        String written = Files.readString(target, StandardCharsets.UTF_8);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        Document document = factory.newDocumentBuilder().parse(target.toFile());
        String everything = document.getDocumentElement().getTextContent() + " "
                + document.getElementsByTagName("testcase").item(0).getAttributes().getNamedItem("name")
                        .getNodeValue() + " "
                + document.getElementsByTagName("failure").item(0).getAttributes().getNamedItem("message")
                        .getNodeValue();
        assertFalse(everything.contains(SECRET), everything);
        assertFalse(everything.contains("MIIEvQIBADANBgkqhkiG9w0"), everything);
        assertFalse(written.contains("MIIEvQIBADANBgkqhkiG9w0"), written);
        assertTrue(written.contains("name=\"test_x[****]\""), written);
        assertTrue(written.contains("message=\"assert '****' == 'x'\""), written);
        assertTrue(written.contains("**** in the trace"), written);
        assertTrue(written.contains("<!-- in a comment: **** -->"), written);
        // Still a report the summary can read.
        JunitReport report = JunitReport.parse(target);
        assertEquals(1, report.tests());
        assertEquals(List.of("t.test_x[****]"), report.failed());
    }

    @Test
    void aReportWithADoctypeIsRefusedAndNotWritten() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";
        IOException e = assertThrows(IOException.class, () -> write(xxe, SecretMasker.NONE));
        assertTrue(e.getMessage().startsWith("the report sent back by the job is not well-formed XML"),
                e.getMessage());
        assertFalse(Files.exists(tmp.resolve("reports/TEST-remote.xml")));
    }

    @Test
    void aBrokenReportIsNotWritten() {
        assertThrows(IOException.class, () -> write("<testsuites><testsuite>", SecretMasker.NONE));
        assertFalse(Files.exists(tmp.resolve("reports/TEST-remote.xml")));
    }
}
