package io.github.skyremote.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {
    @Test
    void textWithoutASecretIsReturnedAsItIs() {
        String text = "nothing to hide";
        assertSame(text, new SecretMasker(List.of("hf_abcdef")).mask(text));
    }

    @Test
    void aMultiLineValueIsMaskedWholeAndLineByLine() {
        String json = "{\n  \"type\": \"service_account\",\n  \"private_key_id\": \"3f2a9c\",\n  \"x\": 1\n}";
        SecretMasker masker = new SecretMasker(List.of(json));
        assertEquals("dump: ****", masker.mask("dump: " + json));
        assertEquals("    ****", masker.mask("    \"private_key_id\": \"3f2a9c\","), "trimmed lines");
        assertEquals("{", masker.mask("{"), "lines too short to mask are left alone");
        assertEquals("****", masker.mask("\"x\": 1"));
    }

    @Test
    void aValueHoldingEscapeSequencesIsAlsoMaskedStripped() {
        SecretMasker masker = new SecretMasker(List.of("hf_\u001b[1mbold\u001b[0mSecret"));
        assertEquals("x **** y", masker.mask("x hf_boldSecret y"));
        assertEquals("x **** y", masker.mask("x hf_\u001b[1mbold\u001b[0mSecret y"));
    }

    @Test
    void valuesTooShortAreSkippedAndCountedInCharacters() {
        assertTrue(SecretMasker.tooShort("abc"));
        assertTrue(SecretMasker.tooShort("😀😀😀"));
        assertFalse(SecretMasker.tooShort("abcd"));
        assertEquals("abc", new SecretMasker(List.of("abc")).mask("abc"));
    }

    @Test
    void aCutNeverSplitsASecretAndCarriesWhatCouldStartOne() {
        SecretMasker masker = new SecretMasker(List.of("SECRET1", "AB12"));
        // Nothing could start a secret in the last 6 characters but the text: carry 6 (longest - 1).
        assertEquals(10, masker.safeCut("0123456789abcdef"));
        // A whole secret across the default cut moves the cut before it.
        assertEquals(6, masker.safeCut("012345SECRET1ab"));
        assertEquals(0, masker.safeCut("SECRET1"));
        assertEquals(0, masker.safeCut("short"));
        // No cut between the two halves of a surrogate pair.
        String text = "0123456789😀" + "x".repeat(5);
        int cut = masker.safeCut(text);
        assertFalse(Character.isLowSurrogate(text.charAt(cut)), "cut at " + cut);
        assertEquals(text.length(), SecretMasker.NONE.safeCut(text), "no secrets: nothing carried");
    }
}
